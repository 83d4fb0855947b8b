using SupplyGate.Core.Inventory.Os;
using SupplyGate.Core.Tests.Inventory.Oci;

namespace SupplyGate.Core.Tests.Inventory.Os;

[Trait("Category", "unit")]
public sealed class OsReleaseParserTests
{
    [Theory]
    [InlineData("debian-12", "debian", "12", "Debian GNU/Linux 12 (bookworm)", "bookworm", "debian-12")]
    [InlineData("alpine-3.18", "alpine", "3.18.4", "Alpine Linux v3.18", null, "alpine-3.18.4")]
    [InlineData("ubuntu-22.04", "ubuntu", "22.04", "Ubuntu 22.04.4 LTS", "jammy", "ubuntu-22.04")]
    [InlineData("fedora-40", "fedora", "40", "Fedora Linux 40 (Container Image)", null, "fedora-40")]
    public void Real_files_give_id_version_name_and_codename(string file, string id, string version, string pretty, string? codename, string distro)
    {
        OsRelease os = OsReleaseParser.Parse(File.ReadAllText(Path.Combine(ImageTestPaths.Fixtures, "os-release", file)));

        Assert.Equal(new OsRelease(id, version, pretty, codename), os);
        Assert.Equal(distro, os.Distro);
    }

    [Fact]
    public void Quoting_escapes_comments_and_junk_lines_follow_the_shell_rules()
    {
        OsRelease os = OsReleaseParser.Parse("# comment\n\nID='Wolfi'\r\nVERSION_ID=\"2024\\\"x\\$\"\nnot an assignment\nPRETTY_NAME=Plain Text\n");

        Assert.Equal(new OsRelease("wolfi", "2024\"x$", "Plain Text", null), os);
    }

    [Fact]
    public void A_file_without_ID_means_linux()
    {
        Assert.Equal(new OsRelease("linux", null, null, null), OsReleaseParser.Parse("NAME=Something\n"));
    }
}

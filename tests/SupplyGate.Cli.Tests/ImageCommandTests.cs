using System.Text.Json;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>`sbom image` and `check image` against a real registry and an OCI layout.</summary>
[Trait("Category", "integration")]
public sealed class ImageCommandTests
{
    private static (string Image, LocalRegistry Registry) TinyImage()
    {
        var registry = new LocalRegistry();
        string image = $"{registry.Host}/tiny/glibc:1.0";
        using var work = new TempDirectory("sg-tiny");
        ProcessResult made = ProcessRunner.Run("bash", [Path.Combine(RepositoryPaths.Root, "build", "lab", "make-tiny-base-image.sh")], RepositoryPaths.Root,
            new Dictionary<string, string> { ["REGISTRY"] = registry.Host, ["IMAGE"] = image, ["WORK"] = work.Combine("tiny") });
        Assert.True(made.ExitCode == 0, made.All);
        return (image, registry);
    }

    [Fact]
    public void SbomImage_FromARegistry_WritesAValidContainerSbom()
    {
        (string image, LocalRegistry registry) = TinyImage();
        using (registry)
        {
            using var temp = new TempDirectory("sg-img");
            string output = temp.Combine("tiny.cdx.json");

            var (exit, _, error) = CliRunner.Run(new Dictionary<string, string> { ["HOME"] = temp.Path }, temp.Path, "sbom", "image", image, "-o", output);

            Assert.True(exit == 0, error);
            (bool valid, string validation) = CycloneDxSchemaValidator.Validate(output);
            Assert.True(valid, validation);
            using JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(output));
            JsonElement subject = sbom.RootElement.GetProperty("metadata").GetProperty("component");
            Assert.Equal("container", subject.GetProperty("type").GetString());
            Assert.StartsWith("pkg:oci/glibc@sha256:", subject.GetProperty("purl").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CheckImage_RootImage_WarnsSG4008AndDeniesNothing()
    {
        (string image, LocalRegistry registry) = TinyImage();
        using (registry)
        {
            using var temp = new TempDirectory("sg-img");

            var (exit, output, error) = CliRunner.Run(new Dictionary<string, string> { ["HOME"] = temp.Path }, temp.Path, "check", "image", image, "--format", "json");

            Assert.True(exit == 0, error + output);
            Assert.Contains("SG4008", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CheckImage_ASecretInALayer_IsGatedAsTheBuildGatesIt()
    {
        // A token in the image's (only, so app) layer; put together at run time so this file holds none.
        using var registry = new LocalRegistry();
        using var temp = new TempDirectory("sg-img-secret");
        string token = "ghp_" + "Q7bL2mN9pR4sT6vW8yZ1" + "aC3dE5fG7hJ9kL0m";
        Directory.CreateDirectory(temp.Combine("extra", "app"));
        File.WriteAllText(temp.Combine("extra", "app", "deploy.env"), $"GITHUB_TOKEN={token}\n");
        string image = $"{registry.Host}/tiny/secret:1.0";
        ProcessResult made = ProcessRunner.Run("bash", [Path.Combine(RepositoryPaths.Root, "build", "lab", "make-tiny-base-image.sh")], RepositoryPaths.Root,
            new Dictionary<string, string> { ["REGISTRY"] = registry.Host, ["IMAGE"] = image, ["MODE"] = "file", ["WORK"] = temp.Combine("tiny"), ["EXTRA"] = temp.Combine("extra") });
        Assert.True(made.ExitCode == 0, made.All);

        var (exit, output, error) = CliRunner.Run(new Dictionary<string, string> { ["HOME"] = temp.Path }, temp.Path, "check", "image", image);

        Assert.True(exit == 1, output + error);
        Assert.Contains("SG4011", output, StringComparison.Ordinal);
        Assert.Contains("app/deploy.env", output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void SbomImage_OnTheBookwormLayout_ListsWhatDpkgQueryLists()
    {
        string layout = Path.Combine(RepositoryPaths.Root, ".lab", "work", "base-bookworm-minbase", "oci");
        ProcessResult made = ProcessRunner.Run("bash", [Path.Combine(RepositoryPaths.Root, "build", "lab", "make-base-image.sh")], RepositoryPaths.Root,
            new Dictionary<string, string> { ["PUSH"] = "0", ["LAB_DIR"] = Path.Combine(RepositoryPaths.Root, ".lab") }, TimeSpan.FromMinutes(10));
        Assert.True(made.ExitCode == 0, made.All);
        using var temp = new TempDirectory("sg-img");
        string output = temp.Combine("bookworm.cdx.json");

        var (exit, _, error) = CliRunner.Run(new Dictionary<string, string> { ["HOME"] = temp.Path }, temp.Path, "sbom", "image", layout, "-o", output);

        Assert.True(exit == 0, error);
        using JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(output));
        var debs = sbom.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("purl", out JsonElement p) && p.GetString()!.StartsWith("pkg:deb/", StringComparison.Ordinal))
            .Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("version").GetString()}")
            .ToHashSet(StringComparer.Ordinal);
        string rootfs = Path.Combine(RepositoryPaths.Root, ".lab", "work", "base-bookworm-minbase", "rootfs");
        ProcessResult query = ProcessRunner.Run("dpkg-query", ["-W", "-f", "${Package} ${Version}\n", "--admindir", Path.Combine(rootfs, "var", "lib", "dpkg")], rootfs);
        Assert.Equal(query.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal), debs);
    }

    [Fact]
    public void SbomImage_UnknownTag_ExitsTwoNamingTheImage()
    {
        (string image, LocalRegistry registry) = TinyImage();
        using (registry)
        {
            using var temp = new TempDirectory("sg-img");
            string missing = image.Replace(":1.0", ":no-such-tag", StringComparison.Ordinal);

            var (exit, _, error) = CliRunner.Run(new Dictionary<string, string> { ["HOME"] = temp.Path }, temp.Path, "sbom", "image", missing, "-o", temp.Combine("x.json"));

            Assert.Equal(2, exit);
            Assert.Matches("error SG10(18|20)", error);
            Assert.Contains("no-such-tag", error, StringComparison.Ordinal);
            Assert.False(File.Exists(temp.Combine("x.json")));
        }
    }
}

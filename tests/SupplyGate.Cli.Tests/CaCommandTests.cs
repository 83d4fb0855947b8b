using System.Text.Json;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>`ca init`: the development PKI files and trusted_root.json.</summary>
[Trait("Category", "unit")]
public sealed class CaCommandTests
{
    [Fact]
    public void CaInit_WritesTheFilesAndATrustedRootInThe01Form()
    {
        using var temp = new TempDirectory("sg-ca");
        string dir = temp.Combine("ca");

        var (exit, output, error) = CliRunner.Run(null, temp.Path, "ca", "init", "--dir", dir, "--identity", "mailto:ci@example.com", "--days", "30");

        Assert.True(exit == 0, error + output);
        Assert.Contains("development only", output, StringComparison.OrdinalIgnoreCase);
        foreach (string file in new[] { "root.pem", "intermediate.pem", "signing.pem", "signing.key", "tsa.pem", "tsa.key", "trusted_root.json" })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        }

        using JsonDocument root = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "trusted_root.json")));
        Assert.Equal("application/vnd.dev.sigstore.trustedroot+json;version=0.1", root.RootElement.GetProperty("mediaType").GetString());
        Assert.True(root.RootElement.GetProperty("certificateAuthorities").GetArrayLength() >= 1);
        Assert.True(root.RootElement.GetProperty("timestampAuthorities").GetArrayLength() >= 1);
    }

    [Fact]
    public void CaInit_BadDays_ExitsTwo()
    {
        using var temp = new TempDirectory("sg-ca");

        var (exit, _, error) = CliRunner.Run(null, temp.Path, "ca", "init", "--dir", temp.Combine("ca"), "--days", "0");

        Assert.Equal(2, exit);
        Assert.Contains("SG2002", error, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// `sbom image` and `check image` on image indexes in a real registry: an OCI index, a Docker manifest list and an
/// index with buildx attestation manifests (docs/image-scanning.md, "Image indexes"); skopeo reads the indexes.
/// </summary>
[Trait("Category", "integration")]
public sealed class MultiPlatformImageCommandTests(MultiPlatformImages images) : IClassFixture<MultiPlatformImages>, IDisposable
{
    private readonly TempDirectory _temp = new("sg-multi-cli");

    private (int ExitCode, string Output, string Error) Run(params string[] args) =>
        CliRunner.Run(new Dictionary<string, string> { ["HOME"] = _temp.Path }, _temp.Path, args);

    [Theory]
    [InlineData("index")]
    [InlineData("list")]
    [InlineData("attest")]
    public void SbomImage_OnAnIndex_WritesOneValidSbomPerPlatformWhoseSubjectIsThatPlatformsManifest(string kind)
    {
        string reference = kind switch { "index" => images.Index, "list" => images.ManifestList, _ => images.WithAttestations };
        string output = _temp.Combine(kind, "img.cdx.json");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);

        var (exit, stdout, error) = Run("sbom", "image", reference, "-o", output);

        Assert.True(exit == 0, stdout + error);
        Assert.Equal(["img.linux-amd64.cdx.json", "img.linux-arm64.cdx.json"], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach ((string arch, string file) in new[] { ("amd64", "img.linux-amd64.cdx.json"), ("arm64", "img.linux-arm64.cdx.json") })
        {
            string path = _temp.Combine(kind, file);
            (bool valid, string validation) = CycloneDxSchemaValidator.Validate(path);
            Assert.True(valid, validation);
            using JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement subject = sbom.RootElement.GetProperty("metadata").GetProperty("component");
            Assert.Equal(images.ChildDigest(reference, arch), subject.GetProperty("version").GetString());
            Assert.Contains($"arch={arch}", subject.GetProperty("purl").GetString(), StringComparison.Ordinal);
            bool hasArm64Package = sbom.RootElement.GetProperty("components").EnumerateArray().Any(c => c.GetProperty("name").GetString() == MultiPlatformImages.Arm64OnlyPackage);
            Assert.Equal(arch == "arm64", hasArm64Package);
        }

        // The attestation manifests are in the index, and were not taken for platforms.
        if (kind == "attest")
        {
            Assert.Contains("attestation-manifest", images.RawIndex(reference), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SbomImage_WithPlatform_WritesOnlyThatPlatformUnderTheNameAsked()
    {
        string output = _temp.Combine("one", "img.cdx.json");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);

        var (exit, stdout, error) = Run("sbom", "image", images.Index, "--platform", "linux/arm64", "-o", output);

        Assert.True(exit == 0, stdout + error);
        Assert.Equal(["img.cdx.json"], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName));
        using JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(output));
        Assert.Equal(images.ChildDigest(images.Index, "arm64"), sbom.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("version").GetString());
        Assert.Equal("arm64", images.ConfigArchitecture(images.Index, "arm64"));
    }

    [Fact]
    public void SbomImage_PlatformTheIndexDoesNotOffer_Exit2ListingWhatItOffers()
    {
        var (exit, stdout, error) = Run("sbom", "image", images.WithAttestations, "--platform", "linux/s390x", "-o", _temp.Combine("none.cdx.json"));

        Assert.True(exit == 2, stdout + error);
        Assert.Contains("SG1020", error, StringComparison.Ordinal);
        Assert.Contains("linux/s390x", error, StringComparison.Ordinal);
        Assert.Contains("available: linux/amd64, linux/arm64/v8)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("none.cdx.json")));
    }

    [Fact]
    public void SbomImage_IndexToStandardOutput_Exit2WithSG2060AndNothingWritten()
    {
        var (exit, stdout, error) = Run("sbom", "image", images.Index, "-o", "-");

        Assert.True(exit == 2, stdout + error);
        Assert.Contains("SG2060", error, StringComparison.Ordinal);
        Assert.Contains("linux/amd64, linux/arm64", error, StringComparison.Ordinal);
        Assert.DoesNotContain("bomFormat", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckImage_DenyOnArm64Only_GatesEveryPlatformNamesItAndExitsWithTheWorstVerdict()
    {
        string policy = MultiPlatformImages.WriteDenyArm64Policy(_temp.Path);
        string report = _temp.Combine("check", "r.json");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);

        var (exit, stdout, error) = Run("check", "image", images.Index, "--policy", policy, "--format", "json", "-o", report);

        Assert.True(exit == 1, stdout + error);
        using JsonDocument amd64 = JsonDocument.Parse(File.ReadAllBytes(_temp.Combine("check", "r.linux-amd64.json")));
        using JsonDocument arm64 = JsonDocument.Parse(File.ReadAllBytes(_temp.Combine("check", "r.linux-arm64.json")));
        Assert.Equal("pass", amd64.RootElement.GetProperty("decision").GetString());
        Assert.Equal("deny", arm64.RootElement.GetProperty("decision").GetString());
        Assert.Equal("linux/amd64", amd64.RootElement.GetProperty("subject").GetProperty("platform").GetString());
        Assert.Equal("linux/arm64", arm64.RootElement.GetProperty("subject").GetProperty("platform").GetString());
        Assert.Contains("SG4010", arm64.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("SG4010", amd64.RootElement.GetRawText(), StringComparison.Ordinal);

        // Only arm64 is asked for: it alone decides.
        var (armOnly, _, _) = Run("check", "image", images.Index, "--platform", "linux/amd64", "--policy", policy, "--format", "json", "-o", _temp.Combine("check", "amd64.json"));
        Assert.Equal(0, armOnly);
    }

    [Fact]
    public void CheckImage_TableAndSarif_EveryFindingSaysWhichPlatformItIsOn()
    {
        string policy = MultiPlatformImages.WriteDenyArm64Policy(_temp.Path);

        var (exit, stdout, error) = Run("check", "image", images.ManifestList, "--policy", policy);

        Assert.True(exit == 1, stdout + error);
        Assert.Contains("[linux/amd64]", stdout, StringComparison.Ordinal);
        Assert.Contains("[linux/arm64]", stdout, StringComparison.Ordinal);

        string sarif = _temp.Combine("sarif", "r.sarif");
        Directory.CreateDirectory(Path.GetDirectoryName(sarif)!);
        var (sarifExit, sarifOut, sarifError) = Run("check", "image", images.ManifestList, "--policy", policy, "--format", "sarif", "-o", sarif);
        Assert.True(sarifExit == 1, sarifOut + sarifError);
        // Not run through SarifValidator: image results have no physical location (there is no file to point at),
        // which GitHub's rules flag for single-platform images just the same.
        string armSarif = _temp.Combine("sarif", "r.linux-arm64.sarif");
        using JsonDocument log = JsonDocument.Parse(File.ReadAllBytes(armSarif));
        JsonElement[] results = [.. log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()];
        Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "SG4010");
        Assert.All(results, r =>
        {
            Assert.StartsWith("[linux/arm64] ", r.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Equal("linux/arm64", r.GetProperty("properties").GetProperty("platform").GetString());
        });
    }

    [Fact]
    public void CheckImage_JsonToStandardOutputOnAnIndex_Exit2WithSG2060()
    {
        var (exit, stdout, error) = Run("check", "image", images.Index, "--format", "json");

        Assert.True(exit == 2, stdout + error);
        Assert.Contains("SG2060", error, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

}

using System.Text;
using System.Text.Json;
using SupplyGate.Core.Attestations.Publishing;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;
using SupplyGate.Core.Policy;

namespace SupplyGate.Core.Tests.Attestations;

/// <summary>Which entries of an index are platforms, the signed platform list, and <c>spec.image.platforms</c>.</summary>
[Trait("Category", "unit")]
public sealed class IndexPlatformsTests
{
    private static readonly Digest Amd64 = Digest.Sha256("amd64"u8);
    private static readonly Digest Arm64 = Digest.Sha256("arm64"u8);

    private static Descriptor Entry(Digest digest, string? os, string? arch, string mediaType = MediaTypes.OciManifest, string? variant = null) => new()
    {
        MediaType = mediaType,
        Digest = digest,
        Size = 100,
        Platform = os is null ? null : new Platform(os, arch!, variant),
    };

    [Fact]
    public void List_SkipsBuildxAttestationManifests_AndKeepsIndexOrder()
    {
        var index = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = [Entry(Arm64, "linux", "arm64", variant: "v8"), Entry(Digest.Sha256("att"u8), "unknown", "unknown"), Entry(Amd64, "linux", "amd64")],
        };

        IReadOnlyList<PlatformImage> platforms = IndexPlatforms.List(index, "idx");

        Assert.Equal(["linux/arm64/v8", "linux/amd64"], platforms.Select(p => p.Platform));
        Assert.Equal(Arm64, platforms[0].Manifest.Digest);
    }

    [Theory]
    [InlineData("twice")]
    [InlineData("no-platform")]
    [InlineData("nested")]
    [InlineData("empty")]
    public void List_RefusesAmbiguousIndexes_WithSG2070(string shape)
    {
        Descriptor[] entries = shape switch
        {
            "twice" => [Entry(Amd64, "linux", "amd64"), Entry(Arm64, "linux", "amd64")],
            "no-platform" => [Entry(Amd64, "linux", "amd64"), Entry(Arm64, null, null)],
            "nested" => [Entry(Amd64, "linux", "amd64", MediaTypes.OciIndex)],
            _ => [Entry(Amd64, "unknown", "unknown")],
        };

        InvalidInputException error = Assert.Throws<InvalidInputException>(() => IndexPlatforms.List(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = entries }, "idx"));

        Assert.Equal(DiagnosticCode.PlatformArgumentInvalid, error.Code);
        Assert.StartsWith("idx: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linux/arm64", true, "linux/arm64")]
    [InlineData("Linux/ARM/v7", true, "linux/arm/v7")]
    [InlineData("linux", false, "")]
    [InlineData("linux/arm64/v8/x", false, "")]
    [InlineData("linux//v8", false, "")]
    [InlineData("linux/arm64=file", false, "")]
    public void TryParse_AcceptsOsArchAndVariant(string text, bool valid, string expected)
    {
        Assert.Equal(valid, IndexPlatforms.TryParse(text, out string platform));
        Assert.Equal(expected, platform);
    }

    [Fact]
    public void PlatformsPredicate_IsSortedAndDeterministic_AndReadsBack()
    {
        PlatformImage[] images = [new("linux/arm64", Entry(Arm64, "linux", "arm64")), new("linux/amd64", Entry(Amd64, "linux", "amd64"))];

        byte[] written = PlatformsPredicate.Write(images);

        Assert.Equal(written, PlatformsPredicate.Write([.. images.Reverse()]));
        Assert.Equal(
            $$"""{"manifests":[{"platform":"linux/amd64","mediaType":"{{MediaTypes.OciManifest}}","digest":"{{Amd64}}","size":100},{"platform":"linux/arm64","mediaType":"{{MediaTypes.OciManifest}}","digest":"{{Arm64}}","size":100}]}""",
            Encoding.UTF8.GetString(written));
        using JsonDocument document = JsonDocument.Parse(written);
        IReadOnlyDictionary<string, string>? read = PlatformsPredicate.Read(document.RootElement);
        Assert.NotNull(read);
        Assert.Equal(Arm64.ToString(), read["linux/arm64"]);
        Assert.Equal(2, read.Count);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"manifests":{}}""")]
    [InlineData("""{"manifests":[{"platform":"linux/amd64"}]}""")]
    [InlineData("""{"manifests":[{"platform":"linux/amd64","digest":"sha256:a"},{"platform":"linux/amd64","digest":"sha256:b"}]}""")]
    public void PlatformsPredicate_OfAnotherShape_ReadsAsNull(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);

        Assert.Null(PlatformsPredicate.Read(document.RootElement));
    }

    [Fact]
    public void PolicyImagePlatforms_AreParsedNormalisedAndWrittenBack()
    {
        PolicyDocument policy = Parse("platforms: [linux/amd64, Linux/ARM64, linux/amd64]");

        Assert.Equal(["linux/amd64", "linux/arm64"], policy.Image.Platforms);
        Assert.Contains("    platforms: [\"linux/amd64\", \"linux/arm64\"]", PolicyYamlWriter.Write(policy), StringComparison.Ordinal);
        Assert.Empty(PolicyDocument.LoadPreset("default").Image.Platforms);
    }

    [Fact]
    public void PolicyImagePlatforms_RefusesWhatIsNotAPlatform()
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => Parse("platforms: [amd64]"));

        Assert.Equal(DiagnosticCode.PolicyInvalid, error.Code);
        Assert.Contains("'amd64' is not a platform", error.Message, StringComparison.Ordinal);
    }

    private static PolicyDocument Parse(string image) => PolicyDocument.Parse(Encoding.UTF8.GetBytes($"""
        apiVersion: supplygate.dev/v1alpha1
        kind: Policy
        metadata:
          name: p
        spec:
          image:
            {image}
        """), "p.yaml");
}

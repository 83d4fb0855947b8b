using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Policy;

namespace SupplyGate.Core.Tests.Inventory.Image;

/// <summary>The base-image labels an SDK multi-RID build cuts at the first ':' are restored from the base the build named.</summary>
[Trait("Category", "unit")]
public sealed class BaseImageLabelsTests
{
    private const string Base = "localhost:5000/dotnet/runtime:10.0";

    [Fact]
    public void ALabelCutAtTheFirstColon_IsRestored_AndTheCutDigestAndTimeAreDropped()
    {
        ResolvedImage cut = Image(new()
        {
            [PolicyImageFacts.BaseNameLabel] = "localhost",
            [PolicyImageFacts.BaseDigestLabel] = "sha256",
            ["org.opencontainers.image.created"] = "2026-12-05T14",
            ["org.opencontainers.image.version"] = "1.0",
        });

        IReadOnlyDictionary<string, string> labels = BaseImageLabels.Repair(cut, Base).Config.Labels;

        Assert.Equal(Base, labels[PolicyImageFacts.BaseNameLabel]);
        Assert.False(labels.ContainsKey(PolicyImageFacts.BaseDigestLabel));
        Assert.False(labels.ContainsKey("org.opencontainers.image.created"));
        Assert.Equal("1.0", labels["org.opencontainers.image.version"]);
    }

    [Theory]
    [InlineData(Base)]                                   // a single-RID build writes the label whole
    [InlineData("mcr.example/dotnet/runtime:10.0")]      // another base: not a cut of the one named
    [InlineData("localhost:5000/other")]                 // a prefix of the named base, but not cut at a ':'
    public void AnyOtherLabel_IsLeftAsItIs(string label)
    {
        ResolvedImage image = Image(new() { [PolicyImageFacts.BaseNameLabel] = label, [PolicyImageFacts.BaseDigestLabel] = "sha256:" + new string('a', 64) });

        Assert.Same(image, BaseImageLabels.Repair(image, Base));
        Assert.Same(image, BaseImageLabels.Repair(image, null));
    }

    private static ResolvedImage Image(Dictionary<string, string> labels) => new()
    {
        Name = "test",
        ManifestDigest = Digest.Parse("sha256:" + new string('b', 64)),
        Manifest = new ImageManifest { MediaType = MediaTypes.OciManifest, Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.Parse("sha256:" + new string('c', 64)), Size = 2 } },
        ManifestBytes = [],
        Config = new ImageConfig { Labels = labels },
        ConfigBytes = [],
    };
}

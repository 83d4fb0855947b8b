using System.Text;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Sbom;

[Trait("Category", "unit")]
public sealed class BomFinalizerTests
{
    private static readonly BomFinalizeOptions Reproducible = new()
    {
        Reproducible = true,
        Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Finalize_ShuffledInput_IsByteIdentical()
    {
        byte[] ordered = CycloneDxWriter.ToUtf8Bytes(BomFinalizer.Finalize(TestBoms.Rich(), Reproducible));

        byte[] shuffled = CycloneDxWriter.ToUtf8Bytes(BomFinalizer.Finalize(TestBoms.Shuffled(TestBoms.Rich()), Reproducible));

        Assert.Equal(Encoding.UTF8.GetString(ordered), Encoding.UTF8.GetString(shuffled));
    }

    [Fact]
    public void Finalize_DifferentComponent_GivesDifferentSerial()
    {
        Bom bom = TestBoms.Rich();
        Bom changed = bom with { Components = [.. bom.Components.Select(c => c.Name == "Newtonsoft.Json" ? c with { Version = "13.0.4" } : c)] };

        string? serial = BomFinalizer.Finalize(changed, Reproducible).SerialNumber;

        Assert.NotEqual(BomFinalizer.Finalize(bom, Reproducible).SerialNumber, serial);
        Assert.True(SerialNumbers.IsValid(serial));
    }

    [Fact]
    public void Finalize_Reproducible_SerialIsDerivedFromOutputWithoutSerial()
    {
        Bom finalized = BomFinalizer.Finalize(TestBoms.Rich(), Reproducible);

        string expected = SerialNumbers.FromContent(CycloneDxWriter.ToUtf8Bytes(finalized with { SerialNumber = null }));

        Assert.Equal(expected, finalized.SerialNumber);
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", finalized.SerialNumber);
    }

    [Fact]
    public void Finalize_NotReproducible_UsesRandomV4Serials()
    {
        var options = Reproducible with { Reproducible = false };

        string? first = BomFinalizer.Finalize(TestBoms.Rich(), options).SerialNumber;

        Assert.NotEqual(first, BomFinalizer.Finalize(TestBoms.Rich(), options).SerialNumber);
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", first);
    }

    [Fact]
    public void Finalize_NoTools_AddsSupplyGateToolWithoutBuildMetadata()
    {
        Bom finalized = BomFinalizer.Finalize(new Bom(), Reproducible);

        Component tool = Assert.Single(finalized.Metadata!.Tools);
        Assert.Equal(("application", "supplygate", "SupplyGate", null), (tool.Type, tool.Group, tool.Name, tool.BomRef));
        Assert.False(string.IsNullOrEmpty(tool.Version));
        Assert.DoesNotContain('+', tool.Version!);
    }

    [Fact]
    public void Finalize_ExistingTools_AreKept()
    {
        var other = new Component { Type = "application", Name = "other" };

        Bom finalized = BomFinalizer.Finalize(new Bom { Metadata = new BomMetadata { Tools = [other] } }, Reproducible);

        Assert.Equal([other], finalized.Metadata!.Tools);
    }

    [Fact]
    public void Finalize_NoTimestamp_DropsTimestampIncludingRawSpelling()
    {
        Bom read = CycloneDxReader.Read(
            """{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"timestamp":"2020-04-13T20:20:39+00:00"}}"""u8,
            "x");

        Bom finalized = BomFinalizer.Finalize(read, Reproducible with { Timestamp = null });

        Assert.DoesNotContain("timestamp", Encoding.UTF8.GetString(CycloneDxWriter.ToUtf8Bytes(finalized)), StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_Lists_AreSortedOrdinallyAndDependsOnDeduplicated()
    {
        var bom = new Bom
        {
            Components =
            [
                new Component { Type = "library", Name = "b", BomRef = "b", Components = [new Component { Type = "file", Name = "z" }, new Component { Type = "file", Name = "Y" }] },
                new Component { Type = "library", Name = "x", BomRef = "B", Hashes = [new Hash("SHA-512", "2"), new Hash("SHA-256", "1")] },
                new Component { Type = "library", Name = "n", Purl = "pkg:nuget/n@1" },
            ],
            Dependencies = [new Dependency("b", ["c", "a", "c"]), new Dependency("B", [])],
            Properties = [new Property("p", "2"), new Property("p", "1"), new Property("a", null)],
        };

        Bom normalized = BomFinalizer.Normalize(bom);

        Assert.Equal([null, "B", "b"], normalized.Components.Select(c => c.BomRef));
        Assert.Equal(["Y", "z"], normalized.Components[2].Components.Select(c => c.Name));
        Assert.Equal(["SHA-256", "SHA-512"], normalized.Components[1].Hashes.Select(h => h.Alg));
        Assert.Equal(["B", "b"], normalized.Dependencies.Select(d => d.Ref));
        Assert.Equal(["a", "c"], normalized.Dependencies[1].DependsOn);
        Assert.Equal([("a", null), ("p", "1"), ("p", "2")], normalized.Properties.Select(p => (p.Name, p.Value)));
    }
}

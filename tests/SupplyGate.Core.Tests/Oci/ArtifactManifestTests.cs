using System.Text;
using System.Text.Json;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Tests.Oci;

/// <summary>The one OCI 1.1 artifact-manifest writer behind the advisory-db artifact and the attestation referrer.</summary>
[Trait("Category", "unit")]
public sealed class ArtifactManifestTests
{
    private static readonly Descriptor Layer = new()
    {
        MediaType = "application/vnd.example.data+gzip",
        Digest = Digest.Sha256(Encoding.UTF8.GetBytes("layer")),
        Size = 5,
        ArtifactType = "not written",
    };

    private static readonly Descriptor Subject = new()
    {
        MediaType = MediaTypes.OciManifest,
        Digest = Digest.Sha256(Encoding.UTF8.GetBytes("image")),
        Size = 1234,
    };

    [Fact]
    public void A_referrer_reads_back_with_its_subject_layer_and_annotations()
    {
        byte[] bytes = ArtifactManifest.Write("application/vnd.example.data", Layer, [new("title", "data.gz")], Subject, [new("b", "2"), new("a", "1")]);

        ImageManifest manifest = OciDocuments.ParseManifest(bytes, "test");

        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
        Assert.Equal("application/vnd.example.data", manifest.ArtifactType);
        Assert.Equal(MediaTypes.OciEmpty, manifest.Config.MediaType);
        Assert.Equal(Digest.Sha256("{}"u8), manifest.Config.Digest);
        Assert.Equal(2, manifest.Config.Size);
        Descriptor layer = Assert.Single(manifest.Layers);
        Assert.Equal((Layer.MediaType, Layer.Digest, Layer.Size), (layer.MediaType, layer.Digest, layer.Size));
        Assert.Equal("data.gz", layer.Annotations["title"]);
        Assert.Equal((Subject.MediaType, Subject.Digest, Subject.Size), (manifest.Subject!.MediaType, manifest.Subject.Digest, manifest.Subject.Size));
        Assert.Equal("1", manifest.Annotations["a"]);
    }

    [Fact]
    public void Members_and_annotations_keep_their_order_and_empty_parts_are_left_out()
    {
        byte[] bytes = ArtifactManifest.Write("application/vnd.example.data", Layer, [], subject: null, [new("z", "last-named-first"), new("a", "second")]);

        using var document = JsonDocument.Parse(bytes);
        JsonElement root = document.RootElement;
        Assert.Equal(["schemaVersion", "mediaType", "artifactType", "config", "layers", "annotations"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["mediaType", "digest", "size", "data"], root.GetProperty("config").EnumerateObject().Select(p => p.Name));
        Assert.Equal("e30=", root.GetProperty("config").GetProperty("data").GetString());
        Assert.Equal(["mediaType", "digest", "size"], root.GetProperty("layers")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["z", "a"], root.GetProperty("annotations").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void The_same_input_gives_the_same_bytes()
    {
        byte[] first = ArtifactManifest.Write("application/vnd.example.data", Layer, [], Subject, [new("a", "1")]);
        byte[] second = ArtifactManifest.Write("application/vnd.example.data", Layer with { }, [], Subject with { }, [new("a", "1")]);

        Assert.Equal(first, second);
        Assert.DoesNotContain("not written", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }
}

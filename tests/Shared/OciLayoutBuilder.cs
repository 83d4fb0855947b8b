using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SupplyGate.Tests.Shared;

/// <summary>One layer of a test layout: its blob as stored and the diff id the config claims for it.</summary>
/// <param name="Blob">The bytes under blobs/sha256/…, named by their real digest.</param>
/// <param name="DiffId">What the config's rootfs.diff_ids says (true or not).</param>
/// <param name="MediaType">The descriptor's media type.</param>
public sealed record LayoutLayer(byte[] Blob, string DiffId, string MediaType = OciLayoutBuilder.GzipLayer);

/// <summary>
/// Writes OCI image layouts (image-spec v1.1.0 image-layout.md) for tests, lying ones included: the config
/// claims whatever diff ids it is given; blobs are named by their real digest, so a lie is in the config only.
/// </summary>
public static class OciLayoutBuilder
{
    public const string GzipLayer = "application/vnd.oci.image.layer.v1.tar+gzip";

    public const string DebianOsRelease = "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_CODENAME=bookworm\n";

    public static string Sha256(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>A pax tar of regular files.</summary>
    public static byte[] Tar(params (string Name, string Content)[] files)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach ((string name, string content) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return stream.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A gzip layer holding a Debian os-release and a dpkg status listing the given packages.</summary>
    public static LayoutLayer DebianLayer(params string[] packages)
    {
        string status = string.Concat(packages.Select(p => $"Package: {p}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1\nDescription: test\n\n"));
        byte[] tar = Tar(("etc/os-release", DebianOsRelease), ("var/lib/dpkg/status", status));
        return new LayoutLayer(Gzip(tar), Sha256(tar));
    }

    /// <summary>
    /// Writes the layout into <paramref name="directory"/> (created) and returns it. The manifest lists
    /// <paramref name="layers"/> in order, or <c>layers[order[0]], layers[order[1]], …</c> when an order is given
    /// (a layer may repeat; its blob is written once).
    /// </summary>
    public static string Write(string directory, IReadOnlyList<LayoutLayer> layers, IEnumerable<int>? order = null)
    {
        Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(directory, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        string[] digests = [.. layers.Select(layer => WriteBlob(directory, layer.Blob))];
        int[] listed = [.. order ?? Enumerable.Range(0, layers.Count)];
        var layerDescriptors = new JsonArray();
        foreach (int i in listed)
        {
            layerDescriptors.Add(new JsonObject { ["mediaType"] = layers[i].MediaType, ["digest"] = digests[i], ["size"] = layers[i].Blob.Length });
        }

        var config = new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject(),
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray([.. listed.Select(i => (JsonNode)JsonValue.Create(layers[i].DiffId)!)]) },
        };
        byte[] configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = WriteBlob(directory, configBytes), ["size"] = configBytes.Length },
            ["layers"] = layerDescriptors,
        };
        byte[] manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                ["digest"] = WriteBlob(directory, manifestBytes),
                ["size"] = manifestBytes.Length,
            }),
        };
        File.WriteAllText(Path.Combine(directory, "index.json"), index.ToJsonString());
        return directory;
    }

    /// <summary>The first image of a layout: its layer descriptors (digest, size) and the config's diff ids.</summary>
    public static (IReadOnlyList<(string Digest, long Size)> Layers, IReadOnlyList<string> DiffIds) Read(string layout)
    {
        JsonNode index = JsonNode.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")))!;
        JsonNode manifest = JsonNode.Parse(File.ReadAllBytes(BlobPath(layout, index["manifests"]![0]!["digest"]!.GetValue<string>())))!;
        JsonNode config = JsonNode.Parse(File.ReadAllBytes(BlobPath(layout, manifest["config"]!["digest"]!.GetValue<string>())))!;
        return (
            manifest["layers"]!.AsArray().Select(l => (l!["digest"]!.GetValue<string>(), l["size"]!.GetValue<long>())).ToList(),
            config["rootfs"]!["diff_ids"]!.AsArray().Select(d => d!.GetValue<string>()).ToList());
    }

    public static string BlobPath(string layout, string digest) => Path.Combine(layout, "blobs", digest.Replace(':', Path.DirectorySeparatorChar));

    /// <summary>Copies a layout (blobs hard-linked would share tampering, so they are copied).</summary>
    public static string Copy(string layout, string destination)
    {
        foreach (string file in Directory.GetFiles(layout, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(destination, Path.GetRelativePath(layout, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return destination;
    }

    /// <summary>Flips one byte in the middle of a blob: same name, same size, other content.</summary>
    public static void Tamper(string layout, string digest)
    {
        string path = BlobPath(layout, digest);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = stream.Length / 2;
        int value = stream.ReadByte();
        stream.Position = stream.Length / 2;
        stream.WriteByte((byte)(value ^ 0xff));
    }

    private static string WriteBlob(string directory, byte[] content)
    {
        string digest = Sha256(content);
        File.WriteAllBytes(BlobPath(directory, digest), content);
        return digest;
    }
}

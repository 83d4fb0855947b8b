using System.Text;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Inventory.Oci;

/// <summary>
/// Per-layer analysis results on disk, keyed by diff id (the uncompressed layer digest, so a layer re-compressed
/// or pulled from another registry still hits). Stores the recorded entries and the layer's (redacted) secret
/// findings, not the layer. A file that is unreadable, of another format version or written with other capture
/// settings is a miss, never an error; so is one without secret findings of the same secret settings when the
/// scan wants them (a scan that does not want them uses the entry and ignores its findings).
/// </summary>
internal sealed class LayerCache(string directory, ImageScanOptions options)
{
    // Bump when the analyzers' capture rules or this format change: old entries then simply miss.
    private const string FormatVersion = "sg-layer-cache-4";

    private readonly string _directory = Path.Combine(directory, "layers");
    private readonly long _maxFileBytes = options.MaxAnalyzedFileBytes;

    /// <summary>
    /// The entry for <paramref name="diffId"/>; <paramref name="secretsFingerprint"/> is the
    /// <see cref="LayerSecretScan.Fingerprint"/> of the settings this scan wants secrets with (null = none wanted).
    /// </summary>
    public LayerChangeset? TryLoad(Digest diffId, string? secretsFingerprint)
    {
        string path = PathOf(diffId);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (reader.ReadString() != FormatVersion || reader.ReadInt64() != _maxFileBytes)
            {
                return null;
            }

            long uncompressed = reader.ReadInt64();
            int entries = reader.ReadInt32();
            int filesRead = reader.ReadInt32();
            var warnings = new Warning[reader.ReadInt32()];
            for (int i = 0; i < warnings.Length; i++)
            {
                warnings[i] = new Warning(reader.ReadString(), reader.ReadString(), ReadNullable(reader));
            }

            var nodes = new LayerNode[reader.ReadInt32()];
            for (int i = 0; i < nodes.Length; i++)
            {
                var kind = (LayerNodeKind)reader.ReadByte();
                string nodePath = reader.ReadString();
                string? target = ReadNullable(reader);
                int length = reader.ReadInt32();
                nodes[i] = new LayerNode(nodePath, kind, length < 0 ? null : reader.ReadBytes(length), target);
            }

            LayerSecrets? secrets = null;
            if (reader.ReadBoolean())
            {
                string fingerprint = reader.ReadString();
                LayerSecrets cached = LayerSecretScan.Read(reader);
                secrets = fingerprint == secretsFingerprint ? cached : null;
            }

            if (secretsFingerprint is not null && secrets is null)
            {
                return null;
            }

            return new LayerChangeset(nodes, uncompressed, entries, filesRead, warnings, secrets);
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Writes the entry; <paramref name="secretsFingerprint"/> names the settings <see cref="LayerChangeset.Secrets"/> were found with.</summary>
    public void Store(Digest diffId, LayerChangeset changeset, string? secretsFingerprint)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(_maxFileBytes);
            writer.Write(changeset.UncompressedBytes);
            writer.Write(changeset.EntryCount);
            writer.Write(changeset.FilesRead);
            writer.Write(changeset.Warnings.Count);
            foreach (Warning warning in changeset.Warnings)
            {
                writer.Write(warning.Code);
                writer.Write(warning.Message);
                WriteNullable(writer, warning.Path);
            }

            writer.Write(changeset.Nodes.Count);
            foreach (LayerNode node in changeset.Nodes)
            {
                writer.Write((byte)node.Kind);
                writer.Write(node.Path);
                WriteNullable(writer, node.Target);
                writer.Write(node.Content?.Length ?? -1);
                writer.Write(node.Content ?? []);
            }

            bool secrets = changeset.Secrets is not null && secretsFingerprint is not null;
            writer.Write(secrets);
            if (secrets)
            {
                writer.Write(secretsFingerprint!);
                LayerSecretScan.Write(writer, changeset.Secrets!);
            }
        }

        AtomicFile.WriteAllBytes(PathOf(diffId), buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private string PathOf(Digest diffId) => Path.Combine(_directory, $"{diffId.Algorithm}-{diffId.Encoded}.bin");

    private static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }
}

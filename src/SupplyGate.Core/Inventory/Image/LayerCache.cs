using System.Security.Cryptography;
using System.Text;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Os;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// Per-layer analysis results on disk, keyed by the pair the scan verified before writing the entry: the blob
/// digest (its manifest descriptor) and the diff id (the digest of the uncompressed tar, the config's claim).
/// An entry is therefore a fact about content: "the blob with digest C decompresses to the tar with digest D,
/// which records these entries"; a crafted image can claim someone else's diff id but can only get an entry
/// written under the blob digest its own bytes hash to. Whether a hit may stand in for an image's blob is the
/// caller's decision (docs/image-scanning.md). Stores the recorded entries and the layer's (redacted) secret
/// findings, not the layer. A file that is unreadable, of another format version, written with other capture
/// settings or for another pair is a miss, never an error; so is one without secret findings of the same secret
/// settings when the scan wants them (a scan that does not want them uses the entry and ignores its findings).
/// An entry also keeps the parsed package databases of the layer, and ends with the SHA-256 of everything before
/// it: a damaged or truncated file (a full disk, a crash of another writer's machine, an edit) is a miss and is
/// rewritten by the scan that reads the layer again, never a parse of whatever bytes are left.
/// </summary>
internal sealed class LayerCache(string directory, ImageScanOptions options)
{
    // Bump when the analyzers' capture rules or this format change: old entries then simply miss.
    private const string FormatVersion = "sg-layer-cache-7";
    private const int HashBytes = 32;

    private readonly string _directory = Path.Combine(directory, "layers");
    private readonly long _maxFileBytes = options.MaxAnalyzedFileBytes;

    /// <summary>
    /// The entry for the blob <paramref name="blob"/> that decompresses to <paramref name="diffId"/>;
    /// <paramref name="secretsFingerprint"/> is the <see cref="LayerSecretScan.Fingerprint"/> of the settings this
    /// scan wants secrets with (null = none wanted).
    /// </summary>
    public LayerChangeset? TryLoad(Digest blob, Digest diffId, string? secretsFingerprint)
    {
        string path = PathOf(blob, diffId);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length < HashBytes
                || !SHA256.HashData(bytes.AsSpan(0, bytes.Length - HashBytes)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashBytes)))
            {
                return null;
            }

            using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - HashBytes, writable: false), Encoding.UTF8);
            if (reader.ReadString() != FormatVersion || reader.ReadString() != blob.ToString() || reader.ReadString() != diffId.ToString()
                || reader.ReadInt64() != _maxFileBytes)
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

            if (ReadParsed(reader, nodes) is not { } parsed)
            {
                return null;
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

            return new LayerChangeset(nodes, uncompressed, entries, filesRead, warnings, secrets) { Parsed = parsed };
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes the entry. Only for a layer whose blob was verified against <paramref name="blob"/> and whose
    /// uncompressed tar against <paramref name="diffId"/> in the read that produced <paramref name="changeset"/>;
    /// <paramref name="secretsFingerprint"/> names the settings <see cref="LayerChangeset.Secrets"/> were found with.
    /// </summary>
    public void Store(Digest blob, Digest diffId, LayerChangeset changeset, string? secretsFingerprint)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(blob.ToString());
            writer.Write(diffId.ToString());
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

            WriteParsed(writer, changeset.Parsed);

            bool secrets = changeset.Secrets is not null && secretsFingerprint is not null;
            writer.Write(secrets);
            if (secrets)
            {
                writer.Write(secretsFingerprint!);
                LayerSecretScan.Write(writer, changeset.Secrets!);
            }
        }

        buffer.Write(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        AtomicFile.WriteAllBytes(PathOf(blob, diffId), buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>
    /// The parsed databases; null when one names a node that is not a captured database of its kind (the entry
    /// then misses: its parse cannot be the parse of its own content).
    /// </summary>
    private static ParsedDatabase[]? ReadParsed(BinaryReader reader, LayerNode[] nodes)
    {
        var parsed = new ParsedDatabase[reader.ReadInt32()];
        for (int i = 0; i < parsed.Length; i++)
        {
            int node = reader.ReadInt32();
            var kind = (DatabaseKind)reader.ReadByte();
            if ((uint)node >= (uint)nodes.Length || nodes[node].Content is null || ParsedDatabases.KindOf(nodes[node].Path) != kind)
            {
                return null;
            }

            var packages = new OsPackage[reader.ReadInt32()];
            for (int p = 0; p < packages.Length; p++)
            {
                packages[p] = new OsPackage(reader.ReadString(), reader.ReadString(), ReadNullable(reader), reader.ReadString(), reader.ReadString())
                {
                    Epoch = ReadNullable(reader),
                };
            }

            parsed[i] = new ParsedDatabase(node, kind, packages);
        }

        return parsed;
    }

    private static void WriteParsed(BinaryWriter writer, IReadOnlyList<ParsedDatabase> parsed)
    {
        writer.Write(parsed.Count);
        foreach (ParsedDatabase database in parsed)
        {
            writer.Write(database.Node);
            writer.Write((byte)database.Kind);
            writer.Write(database.Packages.Count);
            foreach (OsPackage package in database.Packages)
            {
                writer.Write(package.Name);
                writer.Write(package.Version);
                WriteNullable(writer, package.Architecture);
                writer.Write(package.SourceName);
                writer.Write(package.SourceVersion);
                WriteNullable(writer, package.Epoch);
            }
        }
    }

    /// <summary>One file per pair; named by a hash of it (two sha512 digests would not fit a file name), the pair itself is inside.</summary>
    private string PathOf(Digest blob, Digest diffId) =>
        Path.Combine(_directory, Digest.Sha256(Encoding.UTF8.GetBytes($"{blob}\n{diffId}")).Encoded + ".bin");

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

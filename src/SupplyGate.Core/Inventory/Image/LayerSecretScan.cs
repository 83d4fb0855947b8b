using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// Secret scanning of one layer while <see cref="LayerReader"/> streams it: each regular file
/// goes from its tar entry into <see cref="SecretScanner.ScanFile"/> and is dropped right after, so a layer is
/// read once and nothing of it reaches the disk. Cheap exits come first: allowed paths and binary file names
/// are not read at all, other files only as far as the first 8 KiB when those hold a NUL (a binary) or the
/// file is over the size limit.
/// </summary>
internal sealed class LayerSecretScan
{
    /// <summary>The scanner's own binary probe: a NUL in the first 8 KiB.</summary>
    private const int BinaryProbeBytes = 8 * 1024;

    /// <summary>Names that are binaries in any image; reading them would only find the NUL the probe finds.</summary>
    private static readonly string[] BinaryExtensions =
    [
        ".so", ".a", ".o", ".dll", ".exe", ".pdb", ".pyc", ".class", ".jar", ".war", ".nupkg", ".zip", ".gz", ".tgz",
        ".xz", ".bz2", ".zst", ".7z", ".png", ".jpg", ".jpeg", ".gif", ".ico", ".webp", ".woff", ".woff2", ".ttf",
        ".otf", ".mo", ".deb", ".rpm", ".db", ".sqlite",
    ];

    private readonly SecretScanner _scanner;
    private readonly List<SecretFinding> _findings = [];
    private readonly List<SkippedFile> _skipped = [];
    private readonly List<string> _files = [];
    private readonly byte[] _probe = new byte[BinaryProbeBytes];
    private int _scanned;
    private int _binary;
    private int _allowed;

    public LayerSecretScan(SecretScanOptions? options, string diffId) =>
        _scanner = new SecretScanner((options ?? new SecretScanOptions()) with { Layer = diffId });

    /// <summary>
    /// Scans one regular file: <paramref name="captured"/> when an analyzer already read it, else the entry's data
    /// stream (which this may leave partly read: the tar reader skips the rest).
    /// </summary>
    public async Task AddAsync(string path, TarEntry entry, byte[]? captured, CancellationToken cancellationToken)
    {
        // Relative to the image root, like publish-directory findings: allow rules (usr/share/doc/**) match it.
        _files.Add(path);
        string relative = path.TrimStart('/');
        SecretScanOptions options = _scanner.Options;
        if (entry.Length == 0)
        {
            return;
        }

        if (options.AllowRules.Any(a => a.RuleId is null && PathGlob.IsPathMatch(a.Path, relative)))
        {
            _allowed++;
            return;
        }

        if (HasBinaryName(relative))
        {
            _binary++;
            return;
        }

        byte[] content;
        if (captured is not null)
        {
            content = captured;
        }
        else if (entry.DataStream is { } data)
        {
            // One probe buffer for the layer (its files are read one after another): the content copies it.
            int probeLength = (int)Math.Min(entry.Length, BinaryProbeBytes);
            Memory<byte> probe = _probe.AsMemory(0, probeLength);
            await data.ReadExactlyAsync(probe, cancellationToken).ConfigureAwait(false);
            if (probe.Span.Contains((byte)0))
            {
                _binary++;
                return;
            }

            if (entry.Length > Math.Min(options.MaxFileBytes, Array.MaxLength))
            {
                _skipped.Add(TooLarge(relative, entry.Length, options.MaxFileBytes));
                return;
            }

            content = await EntryContent.ReadAsync(data, entry.Length, path, probe, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            return;
        }

        SecretScanResult result = _scanner.ScanBytes(relative, content, cancellationToken);
        _findings.AddRange(result.Findings);
        _skipped.AddRange(result.Skipped);
        _scanned += result.FilesScanned;
        _binary += result.BinaryFiles;
        _allowed += result.AllowedFiles;
    }

    public LayerSecrets ToResult() => new(
        new SecretScanResult
        {
            Findings = [.. _findings],
            Skipped = [.. _skipped],
            FilesScanned = _scanned,
            BinaryFiles = _binary,
            AllowedFiles = _allowed,
        },
        [.. _files]);

    /// <summary>
    /// What cached findings depend on: the size limit, every rule and every allow rule. A cache entry written
    /// with other settings is a miss for a scan that wants secrets, so changed rules never serve stale findings.
    /// </summary>
    public static string Fingerprint(SecretScanOptions? options)
    {
        options ??= new SecretScanOptions();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"max={options.MaxFileBytes}\n");
        foreach (SecretDetectionRule rule in options.Rules)
        {
            text.Append(CultureInfo.InvariantCulture, $"rule={rule.Id}\u001f{rule.Title}\u001f{rule.Severity}\u001f{rule.Pattern}\u001f{rule.Pattern.Options}\u001f")
                .Append(CultureInfo.InvariantCulture, $"{string.Join('\u001e', rule.Keywords)}\u001f{rule.MinEntropy?.ToString("R", CultureInfo.InvariantCulture)}\u001f{string.Join('\u001e', rule.FileNames)}\n");
        }

        foreach (SecretAllowRule allow in options.AllowRules)
        {
            text.Append(CultureInfo.InvariantCulture, $"allow={allow.Path}\u001f{allow.RuleId}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Cache form: the findings as reported (redacted), the counts and the file paths; never file content.</summary>
    public static void Write(BinaryWriter writer, LayerSecrets secrets)
    {
        SecretScanResult result = secrets.Result;
        writer.Write(result.FilesScanned);
        writer.Write(result.BinaryFiles);
        writer.Write(result.AllowedFiles);
        writer.Write(result.Findings.Count);
        foreach (SecretFinding finding in result.Findings)
        {
            writer.Write(finding.RuleId);
            writer.Write(finding.Title);
            writer.Write((int)finding.Severity);
            writer.Write(finding.Path);
            writer.Write(finding.Line);
            writer.Write(finding.Column);
            writer.Write(finding.Redacted);
            writer.Write(finding.Layer ?? string.Empty);
        }

        writer.Write(result.Skipped.Count);
        foreach (SkippedFile skipped in result.Skipped)
        {
            writer.Write(skipped.Path);
            writer.Write((int)skipped.Reason);
            writer.Write(skipped.Detail);
        }

        writer.Write(secrets.Files.Count);
        foreach (string file in secrets.Files)
        {
            writer.Write(file);
        }
    }

    public static LayerSecrets Read(BinaryReader reader)
    {
        int scanned = reader.ReadInt32();
        int binary = reader.ReadInt32();
        int allowed = reader.ReadInt32();
        var findings = new SecretFinding[reader.ReadInt32()];
        for (int i = 0; i < findings.Length; i++)
        {
            findings[i] = new SecretFinding
            {
                RuleId = reader.ReadString(),
                Title = reader.ReadString(),
                Severity = (Severity)reader.ReadInt32(),
                Path = reader.ReadString(),
                Line = reader.ReadInt32(),
                Column = reader.ReadInt32(),
                Redacted = reader.ReadString(),
                Layer = reader.ReadString() is { Length: > 0 } layer ? layer : null,
            };
        }

        var skipped = new SkippedFile[reader.ReadInt32()];
        for (int i = 0; i < skipped.Length; i++)
        {
            skipped[i] = new SkippedFile(reader.ReadString(), (SecretSkipReason)reader.ReadInt32(), reader.ReadString());
        }

        string[] files = new string[reader.ReadInt32()];
        for (int i = 0; i < files.Length; i++)
        {
            files[i] = reader.ReadString();
        }

        return new LayerSecrets(
            new SecretScanResult { Findings = findings, Skipped = skipped, FilesScanned = scanned, BinaryFiles = binary, AllowedFiles = allowed },
            files);
    }

    private static bool HasBinaryName(string path)
    {
        string name = path[(path.LastIndexOf('/') + 1)..];
        return BinaryExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            || name.Contains(".so.", StringComparison.Ordinal); // versioned shared libraries: libssl.so.3
    }

    private static SkippedFile TooLarge(string path, long length, long limit) =>
        new(path, SecretSkipReason.TooLarge, string.Create(CultureInfo.InvariantCulture, $"{length} bytes, over the {limit}-byte limit; not scanned"));
}

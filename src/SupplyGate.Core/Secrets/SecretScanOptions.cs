namespace SupplyGate.Core.Secrets;

/// <summary>What <see cref="SecretScanner"/> looks for and what it leaves alone.</summary>
public sealed record SecretScanOptions
{
    /// <summary>Files larger than this are not scanned and are listed as skipped (default 10 MiB).</summary>
    public long MaxFileBytes { get; init; } = 10L * 1024 * 1024;

    public IReadOnlyList<SecretDetectionRule> Rules { get; init; } = BuiltInSecretRules.All;

    /// <summary>Paths never scanned; the built-in list by default (tests, docs, vendored packages).</summary>
    public IReadOnlyList<SecretAllowRule> AllowRules { get; init; } = BuiltInSecretAllowRules.All;

    /// <summary>The layer diff id recorded on findings, when scanning an image layer.</summary>
    public string? Layer { get; init; }
}

/// <summary>Why a file was not scanned.</summary>
public enum SecretSkipReason
{
    TooLarge,
    RuleTimedOut,
    Unreadable,
}

/// <summary>A file that could not be judged: never silently "clean".</summary>
public sealed record SkippedFile(string Path, SecretSkipReason Reason, string Detail);

/// <summary>The outcome of a scan: findings sorted by path, line, column, rule.</summary>
public sealed record SecretScanResult
{
    public static SecretScanResult Empty { get; } = new();

    public IReadOnlyList<SecretFinding> Findings { get; init; } = [];

    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];

    /// <summary>Text files whose content was scanned.</summary>
    public int FilesScanned { get; init; }

    /// <summary>Files with a NUL byte in their first 8 KiB: binaries, not scanned.</summary>
    public int BinaryFiles { get; init; }

    /// <summary>Files under an allowed path, not read at all.</summary>
    public int AllowedFiles { get; init; }

    /// <summary>Both results together, findings re-sorted.</summary>
    public SecretScanResult Merge(SecretScanResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new SecretScanResult
        {
            Findings = Sort(Findings.Concat(other.Findings)),
            Skipped = [.. Skipped, .. other.Skipped],
            FilesScanned = FilesScanned + other.FilesScanned,
            BinaryFiles = BinaryFiles + other.BinaryFiles,
            AllowedFiles = AllowedFiles + other.AllowedFiles,
        };
    }

    internal static SecretFinding[] Sort(IEnumerable<SecretFinding> findings) =>
        [.. findings.OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.RuleId, StringComparer.Ordinal)];
}

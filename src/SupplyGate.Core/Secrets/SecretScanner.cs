using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SupplyGate.Core.Secrets;

/// <summary>
/// Finds secrets in text files: the publish directory (<see cref="ScanDirectory(string, CancellationToken)"/>) or files the image
/// inventory streams out of layers (<see cref="ScanFile"/>). Binary files (a NUL in the first 8 KiB) and
/// files over the size limit are not scanned; the latter, and files a rule timed out on, are listed as
/// skipped. Findings carry a redacted match only (<see cref="SecretRedaction"/>): the secret itself is
/// dropped as soon as it has been judged.
/// </summary>
internal sealed class SecretScanner(SecretScanOptions? options = null)
{
    private const int BinaryProbeBytes = 8 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public SecretScanOptions Options { get; } = options ?? new SecretScanOptions();

    /// <summary>Every rule's keywords at once; null when one is empty (it is in every text).</summary>
    private readonly SearchValues<string>? _keywords = KeywordSearch((options ?? new SecretScanOptions()).Rules.SelectMany(r => r.Keywords));

    /// <summary>Per rule (in order), its keywords at once; null for a rule without keywords or with an empty one.</summary>
    private readonly SearchValues<string>?[] _ruleKeywords = [.. (options ?? new SecretScanOptions()).Rules.Select(r => KeywordSearch(r.Keywords))];

    /// <summary>Scans one file's content; <paramref name="relativePath"/> is what findings name and allow rules see.</summary>
    public SecretScanResult ScanFile(string relativePath, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentNullException.ThrowIfNull(content);
        string path = PathGlob.Normalize(relativePath);
        if (IsAllowedPath(path))
        {
            return new SecretScanResult { AllowedFiles = 1 };
        }

        if (content.CanSeek && content.Length - content.Position > Options.MaxFileBytes)
        {
            return TooLarge(path, content.Length - content.Position);
        }

        // A publish folder is mostly assemblies: decide "binary" from the first 8 KiB before reading a whole file.
        // Only where the stream can go back; the outcome is the one the full read below would reach.
        if (content.CanSeek && HasNulInProbe(content))
        {
            return new SecretScanResult { BinaryFiles = 1 };
        }

        byte[]? bytes = ReadBounded(content, cancellationToken);
        if (bytes is null)
        {
            return TooLarge(path, null);
        }

        if (Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, BinaryProbeBytes)) >= 0)
        {
            return new SecretScanResult { BinaryFiles = 1 };
        }

        return ScanText(path, Utf8.GetString(bytes), cancellationToken);
    }

    /// <summary>
    /// <see cref="ScanFile"/> of content already in memory (a file the image inventory read out of a layer), with the
    /// same outcome, without copying the content again. The caller has already matched <paramref name="relativePath"/>
    /// against the path allow rules (an allowed file is not read at all), so that is not done twice.
    /// </summary>
    public SecretScanResult ScanBytes(string relativePath, byte[] content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentNullException.ThrowIfNull(content);
        string path = PathGlob.Normalize(relativePath);

        // The caller matched the path as given; a path normalising to another string is matched again as ScanFile would.
        if (!string.Equals(path, relativePath, StringComparison.Ordinal) && IsAllowedPath(path))
        {
            return new SecretScanResult { AllowedFiles = 1 };
        }

        if (content.Length > Options.MaxFileBytes)
        {
            return TooLarge(path, content.Length);
        }

        if (Array.IndexOf(content, (byte)0, 0, Math.Min(content.Length, BinaryProbeBytes)) >= 0)
        {
            return new SecretScanResult { BinaryFiles = 1 };
        }

        return ScanText(path, Utf8.GetString(content), cancellationToken);
    }

    /// <summary>
    /// Every file under <paramref name="root"/> (symbolic links are not followed), in ordinal path order.
    /// Hidden files are included: <c>.env</c> is exactly where credentials end up.
    /// </summary>
    public SecretScanResult ScanDirectory(string root, CancellationToken cancellationToken = default) =>
        ScanDirectory(root, include: null, cancellationToken);

    /// <summary><see cref="ScanDirectory(string, CancellationToken)"/> of the files whose relative path <paramref name="include"/> accepts (all when null).</summary>
    internal SecretScanResult ScanDirectory(string root, Func<string, bool>? include, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
        };
        string fullRoot = Path.GetFullPath(root);
        // Sorted as strings, not as (full, relative) tuples: LINQ over a class shares the framework's precompiled code,
        // over a value tuple it needs an instantiation of its own, compiled at run time in every MSBuild process.
        IEnumerable<string> files = Directory.EnumerateFiles(fullRoot, "*", enumeration)
            .OrderBy(f => Path.GetRelativePath(fullRoot, f).Replace('\\', '/'), StringComparer.Ordinal);

        SecretScanResult result = SecretScanResult.Empty;
        foreach (string file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string relative = Path.GetRelativePath(fullRoot, file).Replace('\\', '/');
            if (include is not null && !include(relative))
            {
                continue;
            }

            try
            {
                using FileStream stream = new(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
                result = result.Merge(ScanFile(relative, stream, cancellationToken));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                result = result.Merge(new SecretScanResult { Skipped = [new SkippedFile(relative, SecretSkipReason.Unreadable, ex.Message)] });
            }
        }

        return result;
    }

    /// <summary>Scans text already in memory; the entry point the other two share.</summary>
    public SecretScanResult ScanText(string relativePath, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentNullException.ThrowIfNull(text);
        string path = PathGlob.Normalize(relativePath);
        var findings = new List<SecretFinding>();
        var skipped = new List<SkippedFile>();
        var seen = new HashSet<(int, int)>();
        LineIndex? lines = null;

        // Most files hold no keyword of any rule: one pass over the text for all of them says so, instead of one
        // per keyword; only when one occurs are the rules' own keywords looked up.
        bool anyKeyword = _keywords is null || text.AsSpan().ContainsAny(_keywords);
        for (int r = 0; r < Options.Rules.Count; r++)
        {
            SecretDetectionRule rule = Options.Rules[r];
            cancellationToken.ThrowIfCancellationRequested();
            if (!rule.AppliesToFile(path) || (rule.Keywords.Count > 0 && (!anyKeyword || !PassesKeywords(r, rule, text))) || Options.AllowRules.Any(a => a.AppliesTo(path, rule.Id)))
            {
                continue;
            }

            try
            {
                foreach (Match match in rule.Pattern.Matches(text))
                {
                    Group group = match.Groups["secret"];
                    string secret = (group.Success ? group.Value : match.Value).Trim();
                    if (!IsSecret(rule, secret))
                    {
                        continue;
                    }

                    lines ??= new LineIndex(text);
                    (int line, int column) = lines.Position(match.Index);

                    // Two rules on the same spot (a key inside a connection string) are one finding: the first rule's.
                    if (seen.Add((line, column)))
                    {
                        findings.Add(new SecretFinding
                        {
                            RuleId = rule.Id,
                            Title = rule.Title,
                            Severity = rule.Severity,
                            Path = path,
                            Line = line,
                            Column = column,
                            Redacted = SecretRedaction.Redact(secret),
                            Layer = Options.Layer,
                        });
                    }
                }
            }
            catch (RegexMatchTimeoutException)
            {
                skipped.Add(new SkippedFile(path, SecretSkipReason.RuleTimedOut, $"rule {rule.Id} timed out; the rest of the rules still ran"));
            }
        }

        return new SecretScanResult { Findings = SecretScanResult.Sort(findings), Skipped = skipped, FilesScanned = 1 };
    }

    /// <summary><see cref="SecretDetectionRule.PassesKeywords"/> in one pass over the text.</summary>
    private bool PassesKeywords(int index, SecretDetectionRule rule, string text) =>
        _ruleKeywords[index] is { } search ? text.AsSpan().ContainsAny(search) : rule.PassesKeywords(text);

    private static SearchValues<string>? KeywordSearch(IEnumerable<string> all)
    {
        string[] keywords = [.. all.Distinct(StringComparer.OrdinalIgnoreCase)];
        return keywords.Length == 0 || keywords.Any(k => k.Length == 0) ? null : SearchValues.Create(keywords, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsSecret(SecretDetectionRule rule, string secret) =>
        !SecretPlaceholders.IsPlaceholder(secret) && (rule.MinEntropy is not { } floor || ShannonEntropy.Of(secret) >= floor);

    private bool IsAllowedPath(string path) => Options.AllowRules.Any(a => a.RuleId is null && PathGlob.IsPathMatch(a.Path, path));

    /// <summary>The whole stream, or null once it passes <see cref="SecretScanOptions.MaxFileBytes"/>.</summary>
    private static bool HasNulInProbe(Stream content)
    {
        long start = content.Position;
        Span<byte> probe = stackalloc byte[BinaryProbeBytes];
        int filled = content.ReadAtLeast(probe, probe.Length, throwOnEndOfStream: false);
        content.Position = start;
        return probe[..filled].Contains((byte)0);
    }

    private byte[]? ReadBounded(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (buffer.Length + read > Options.MaxFileBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private SecretScanResult TooLarge(string path, long? length)
    {
        string size = length is { } n ? n.ToString(CultureInfo.InvariantCulture) + " bytes" : "larger";
        string limit = Options.MaxFileBytes.ToString(CultureInfo.InvariantCulture);
        return new SecretScanResult
        {
            Skipped = [new SkippedFile(path, SecretSkipReason.TooLarge, $"{size}, over the {limit}-byte limit; not scanned")],
        };
    }
}

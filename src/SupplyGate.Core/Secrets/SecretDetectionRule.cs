using System.Text.RegularExpressions;
using SupplyGate.Core.Kernel;

namespace SupplyGate.Core.Secrets;

/// <summary>
/// A way to recognise one kind of secret. The regex's <c>secret</c> group (or the whole match) is the
/// secret: placeholders and low-entropy values in it are dropped before a finding is made.
/// </summary>
public sealed record SecretDetectionRule
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required Severity Severity { get; init; }

    /// <summary>A <c>[GeneratedRegex]</c> with a match timeout; a timeout skips the file with a note, never silently.</summary>
    public required Regex Pattern { get; init; }

    /// <summary>
    /// Cheap prefilter (ordinal, case-insensitive): the regex runs only when the file contains one of these.
    /// Empty = always run.
    /// </summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Minimum Shannon entropy (bits per character) of the secret; null = no floor.</summary>
    public double? MinEntropy { get; init; }

    /// <summary>
    /// File-name globs the rule is limited to (<c>*.json</c>, <c>.env</c>), case-insensitive; empty = every file.
    /// Keeps rules whose pattern is common in prose (<c>Password=</c>) to configuration files.
    /// </summary>
    public IReadOnlyList<string> FileNames { get; init; } = [];

    public bool AppliesToFile(string relativePath)
    {
        if (FileNames.Count == 0)
        {
            return true;
        }

        string name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        return FileNames.Any(glob => PathGlob.IsMatch(glob, name));
    }

    public bool PassesKeywords(string text) =>
        Keywords.Count == 0 || Keywords.Any(k => text.Contains(k, StringComparison.OrdinalIgnoreCase));
}

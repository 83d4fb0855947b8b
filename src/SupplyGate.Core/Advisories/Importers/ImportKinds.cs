using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>The import kinds (<c>db import --kind</c>) and detecting them from content when not given.</summary>
public static class ImportKinds
{
    public const string Osv = AdvisorySources.Osv;
    public const string NuGetFeed = AdvisorySources.NuGetFeed;
    public const string AlpineSecdb = AdvisorySources.AlpineSecdb;
    public const string DebianTracker = AdvisorySources.DebianTracker;
    public const string DebianChangelog = DebianImporter.ChangelogKind;
    public const string DotNetReleases = AdvisorySources.DotNetReleases;

    public const string RetireJs = AdvisorySources.RetireJs;

    public static IReadOnlyList<string> All { get; } = [Osv, NuGetFeed, AlpineSecdb, DebianTracker, DebianChangelog, DotNetReleases, RetireJs];

    /// <summary>Validates a --kind value; SG2007 names the accepted ones.</summary>
    public static string Parse(string kind) =>
        All.FirstOrDefault(k => string.Equals(k, kind.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInputException(
            DiagnosticCode.UnknownEcosystem, $"unknown import kind '{kind}'; use one of: {string.Join(", ", All)}.");

    /// <summary>Detects a directory's kind: .NET release metadata when it has releases-index.json, else by its first JSON file.</summary>
    internal static string DetectDirectory(string directory)
    {
        if (File.Exists(Path.Combine(directory, "releases-index.json")))
        {
            return DotNetReleases;
        }

        IReadOnlyList<string> files = InputFile.RegularFilesIn(directory, "*.json", static (_, _) => { });
        string? first = files.Count > 0 ? files[0] : null;
        return first is null ? Osv : Detect(ReadPrefix(first), first) is AlpineSecdb ? AlpineSecdb : Osv;
    }

    internal static byte[] ReadPrefix(string file)
    {
        using FileStream stream = InputFile.OpenRead(file, InputKind.AdvisorySource, DiagnosticCode.AdvisorySourceFailed);
        byte[] buffer = new byte[64 * 1024];
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return buffer[..read];
    }

    /// <summary>
    /// Detects a kind from the first bytes of a document by its first property names: a JSON array of
    /// <c>@name/@id</c> entries is a VulnerabilityInfo index; <c>releases-index</c>/<c>channel-version</c> is .NET
    /// release metadata; <c>distroversion</c> is Alpine secdb; <c>source</c>+<c>cves</c> lines are the Debian
    /// changelog data; OSV keys (<c>id</c>, <c>modified</c> …) are OSV; an object of objects keyed by CVE ids is
    /// the Debian tracker; an object of arrays is a VulnerabilityInfo page.
    /// </summary>
    internal static string Detect(ReadOnlySpan<byte> prefix, string label)
    {
        // JSON lines hold several top-level values; only the first one is looked at.
        var reader = new Utf8JsonReader(prefix, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { AllowMultipleValues = true }));
        var names = new List<string>();
        try
        {
            if (!reader.Read())
            {
                throw Undetected(label);
            }

            JsonTokenType rootType = reader.TokenType;
            while (names.Count < 8 && reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    names.Add(reader.GetString()!);
                }
                else if (reader.TokenType is JsonTokenType.StartArray && names.Count == 1 && rootType == JsonTokenType.StartObject
                    && !IsKnownKey(names[0]))
                {
                    return NuGetFeed;
                }
            }

            if (rootType == JsonTokenType.StartArray)
            {
                return names.FirstOrDefault() is { } n && n.StartsWith('@') ? NuGetFeed : Osv;
            }

            if (names.Contains("releases-index") || names.Contains("channel-version"))
            {
                return DotNetReleases;
            }

            if (names.Contains("distroversion") || names.Contains("reponame") || names.Contains("apkurl"))
            {
                return AlpineSecdb;
            }

            // A RetireJS repository: library entries whose vulnerabilities carry atOrAbove/below ranges.
            if (rootType == JsonTokenType.StartObject && names.Count >= 3 && names.Contains("vulnerabilities")
                && (names.Contains("below") || names.Contains("atOrAbove") || names[0] == "retire-example"))
            {
                return RetireJs;
            }

            if (names.Contains("cves") && names.Contains("source"))
            {
                return DebianChangelog;
            }

            if (names.Any(IsKnownKey))
            {
                return Osv;
            }

            if (names.Count >= 2 && (names[1].StartsWith("CVE-", StringComparison.Ordinal) || names[1].StartsWith("TEMP-", StringComparison.Ordinal)))
            {
                return DebianTracker;
            }
        }
        catch (JsonException ex)
        {
            throw SourceFetcher.Failed(label, $"not JSON ({ex.Message}); pass --kind if this is an advisory source", ex);
        }

        throw Undetected(label);
    }

    private static bool IsKnownKey(string name) =>
        name is "id" or "schema_version" or "modified" or "published" or "aliases" or "affected" or "summary" or "withdrawn";

    private static InvalidInputException Undetected(string label) =>
        new(DiagnosticCode.UnknownEcosystem,
            $"{label}: cannot tell what kind of advisory data this is; pass --kind ({string.Join("|", All)}).", label);
}

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>A library and version recognised in one file, and how.</summary>
internal sealed record FileMatch(ClientLibraryDefinition Library, string Version, IReadOnlyList<IdentificationMethod> Methods);

/// <summary>
/// Recognises the library in one JavaScript file, strongest evidence first: a known SHA-1 (renamed files too),
/// then content patterns over the banner (the first <see cref="HeaderChars"/> characters) and only when the
/// banner names nothing over the whole file, then the file name. One library per file: what the strongest
/// technique says wins, weaker techniques that agree are added as further methods.
/// </summary>
internal static partial class FileIdentifier
{
    /// <summary>Banners sit at the top; this is enough for every banner in the RetireJS patterns and in real bundles.</summary>
    internal const int HeaderChars = 2048;

    public static FileMatch? Identify(ClientLibraryCatalog catalog, string fileName, ReadOnlySpan<byte> content, out string sha256, out string? bannerLicense)
    {
        sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
#pragma warning disable CA5350 // RetireJS publishes SHA-1 of known files; this is a lookup key, not a security check.
        string sha1 = Convert.ToHexStringLower(SHA1.HashData(content));
#pragma warning restore CA5350

        // Latin-1 maps every byte to one char: patterns are ASCII, and a stray byte never fails decoding.
        string text = Encoding.Latin1.GetString(content);
        bannerLicense = BannerLicense(text.AsSpan(0, Math.Min(text.Length, HeaderChars)).ToString());

        var methods = new List<(ClientLibraryDefinition Library, string Version, IdentificationMethod Method)>();
        if (catalog.HashIndex.TryGetValue(sha1, out (ClientLibraryDefinition Library, string Version) known))
        {
            methods.Add((known.Library, known.Version, new IdentificationMethod(IdentificationTechniques.HashComparison, 1.0, "sha1:" + sha1)));
        }

        string header = text.Length > HeaderChars ? text[..HeaderChars] : text;
        int before = methods.Count;
        AddContentMatches(catalog, header, methods);
        if (methods.Count == before && text.Length > HeaderChars)
        {
            AddContentMatches(catalog, text, methods);
        }

        foreach (ClientLibraryDefinition library in catalog.Libraries)
        {
            foreach (LibraryPattern pattern in library.FileNames)
            {
                if ((pattern.Literal is null || fileName.Contains(pattern.Literal, StringComparison.Ordinal))
                    && pattern.TryVersion(fileName, out string? version, out _))
                {
                    methods.Add((library, version, new IdentificationMethod(IdentificationTechniques.FileName, 0.5, fileName)));
                    break;
                }
            }
        }

        if (methods.Count == 0)
        {
            return null;
        }

        (ClientLibraryDefinition winner, string winningVersion, _) = methods[0];
        List<IdentificationMethod> agreeing = [.. methods
            .Where(m => ReferenceEquals(m.Library, winner) && string.Equals(m.Version, winningVersion, StringComparison.Ordinal))
            .Select(m => m.Method)
            .DistinctBy(m => m.Technique)];
        return new FileMatch(winner, winningVersion, agreeing);
    }

    private static void AddContentMatches(
        ClientLibraryCatalog catalog, string text, List<(ClientLibraryDefinition, string, IdentificationMethod)> methods)
    {
        // Only the patterns whose literal the text contains can match; the others are never run (nor built).
        HashSet<string> present = catalog.ContentLiterals.FoundIn(text);
        foreach (ClientLibraryDefinition library in catalog.Libraries)
        {
            foreach (LibraryPattern pattern in library.FileContents)
            {
                if ((pattern.Literal is null || present.Contains(pattern.Literal))
                    && pattern.TryVersion(text, out string? version, out string? matched))
                {
                    methods.Add((library, version, new IdentificationMethod(IdentificationTechniques.SourceCodeAnalysis, 0.9, Snippet(matched ?? version))));
                    break;
                }
            }
        }
    }

    private static string Snippet(string matched)
    {
        string oneLine = WhiteSpace().Replace(matched, " ").Trim();
        return oneLine.Length <= 120 ? oneLine : oneLine[..120];
    }

    /// <summary>
    /// The SPDX id a banner states (<c>Licensed MIT</c>, <c>Licensed under MIT</c>, <c>License: MIT</c>,
    /// <c>@license MIT</c>, <c>Licensed under the Apache License, Version 2.0</c>); null when the banner only links
    /// to a license (<c>jquery.org/license</c>).
    /// </summary>
    internal static string? BannerLicense(string header)
    {
        try
        {
            if (ApacheBanner().IsMatch(header))
            {
                return "Apache-2.0";
            }

            Match match = LicenseBanner().Match(header);
            return match.Success && KnownBannerIds.Contains(match.Groups["id"].Value) ? match.Groups["id"].Value : null;
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological header states no license we can name.
            return null;
        }
    }

    private static readonly HashSet<string> KnownBannerIds = new(StringComparer.Ordinal)
    {
        "MIT", "ISC", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "MPL-2.0", "0BSD", "Unlicense",
    };

    // Source-generated backtracking regexes: with NonBacktracking the generator emits nothing but a cached
    // constructor call, and building those automata was most of what the first scan in a process paid. The
    // atomic groups leave nothing to backtrack into; a header is at most HeaderChars, and the timeout bounds the rest.
    [GeneratedRegex(@"(?>Licen[sc]ed(?>\s+under)?(?>\s+the)?|License:|@license)\s+(?<id>[A-Za-z0-9.\-]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LicenseBanner();

    [GeneratedRegex(@"Licen[sc]ed under the Apache License,? Version 2\.0", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ApacheBanner();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();
}

using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Inventory.Os;

/// <summary>
/// Reads a dpkg status database (<c>/var/lib/dpkg/status</c>, or one file of distroless
/// <c>/var/lib/dpkg/status.d/</c>): RFC 822-style paragraphs; only packages whose <c>Status</c> ends in
/// <c>installed</c> count. <c>Source: name (version)</c> gives the source package, defaulting to the
/// binary's own name and version (deb-control(5), "Source").
/// </summary>
public static class DpkgStatusParser
{
    public static IReadOnlyList<OsPackage> Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var packages = new List<OsPackage>();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? lastField = null;
        int paragraphStart = 1;
        int lineNumber = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                Flush(fields, packages, sourceName, paragraphStart);
                lastField = null;
                paragraphStart = lineNumber + 1;
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                // Continuation of a multi-line field (Description, Conffiles): nothing we read spans lines.
                if (lastField is null)
                {
                    throw new InvalidInputException(DiagnosticCode.OsPackageDatabaseInvalid, $"{sourceName}:{lineNumber}: continuation line outside a field", sourceName);
                }

                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidInputException(DiagnosticCode.OsPackageDatabaseInvalid, $"{sourceName}:{lineNumber}: expected 'Field: value', got '{Truncate(line)}'", sourceName);
            }

            lastField = line[..colon];
            fields[lastField] = line[(colon + 1)..].Trim();
        }

        Flush(fields, packages, sourceName, paragraphStart);
        return packages;
    }

    private static void Flush(Dictionary<string, string> fields, List<OsPackage> packages, string sourceName, int line)
    {
        if (fields.Count == 0)
        {
            return;
        }

        try
        {
            if (!fields.TryGetValue("Package", out string? name) || !fields.TryGetValue("Version", out string? version))
            {
                throw new InvalidInputException(DiagnosticCode.OsPackageDatabaseInvalid, $"{sourceName}:{line}: a package paragraph without Package or Version", sourceName);
            }

            // Status: want flag status, e.g. "install ok installed"; "deinstall ok config-files" is not installed.
            // status.d files of distroless images have no Status field: every entry there is installed.
            bool installed = !fields.TryGetValue("Status", out string? status)
                || status.EndsWith(" installed", StringComparison.Ordinal);
            if (!installed)
            {
                return;
            }

            (string sourceNameField, string sourceVersion) = ParseSource(fields.GetValueOrDefault("Source"), name, version);
            packages.Add(new OsPackage(name, version, fields.GetValueOrDefault("Architecture"), sourceNameField, sourceVersion));
        }
        finally
        {
            fields.Clear();
        }
    }

    /// <summary><c>Source: openssl</c> or <c>Source: glibc (2.36-9+deb12u10)</c>.</summary>
    private static (string Name, string Version) ParseSource(string? source, string binaryName, string binaryVersion)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return (binaryName, binaryVersion);
        }

        int open = source.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return (source.Trim(), binaryVersion);
        }

        int close = source.IndexOf(')', open);
        string version = close > open ? source[(open + 1)..close].Trim() : binaryVersion;
        return (source[..open].Trim(), version);
    }

    private static string Truncate(string line) => line.Length > 60 ? line[..60] + "…" : line;
}

using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Inventory.Os;

/// <summary>
/// Reads apk's installed database (<c>/lib/apk/db/installed</c>): blank-line separated records of
/// single-letter <c>X:value</c> lines (apk-tools doc/apk-package.5, "PKGINFO/installed DB" letters):
/// <c>P</c> name, <c>V</c> version, <c>A</c> architecture, <c>o</c> origin (the source package in aports).
/// A record without a version cannot be matched, so it is skipped with a warning (as trivy and syft do).
/// </summary>
public static class ApkInstalledParser
{
    public static IReadOnlyList<OsPackage> Parse(string text, string sourceName, ICollection<Warning> warnings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(warnings);
        var packages = new List<OsPackage>();
        string? name = null, version = null, arch = null, origin = null;
        int recordLine = 1;
        int lineNumber = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                Flush();
                recordLine = lineNumber + 1;
                continue;
            }

            if (line.Length < 2 || line[1] != ':')
            {
                throw new InvalidInputException(DiagnosticCode.OsPackageDatabaseInvalid, $"{sourceName}:{lineNumber}: expected 'X:value', got '{(line.Length > 60 ? line[..60] + "…" : line)}'", sourceName);
            }

            string value = line[2..];
            switch (line[0])
            {
                case 'P': name = value; break;
                case 'V': version = value; break;
                case 'A': arch = value; break;
                case 'o': origin = value; break;
            }
        }

        Flush();
        return packages;

        void Flush()
        {
            if (name is not null)
            {
                if (string.IsNullOrEmpty(version))
                {
                    warnings.Add(new Warning(DiagnosticCode.OsPackageDatabaseInvalid, $"{sourceName}:{recordLine}: apk package '{name}' has no version (V:); skipped", sourceName));
                }
                else
                {
                    // Subpackages share their origin's version: the source version is the binary's.
                    packages.Add(new OsPackage(name, version, arch, string.IsNullOrEmpty(origin) ? name : origin, version));
                }
            }

            name = version = arch = origin = null;
        }
    }
}

using System.Text;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Os;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>os-release(5): <c>/etc/os-release</c>, falling back to <c>/usr/lib/os-release</c> as the spec says.</summary>
internal sealed class OsReleaseAnalyzer : IImageAnalyzer
{
    private static readonly string[] Paths = ["/etc/os-release", "/usr/lib/os-release"];

    public CaptureMode Capture(string path) => Paths.Contains(path, StringComparer.Ordinal) ? CaptureMode.Content : CaptureMode.Skip;

    public void Analyze(ImageView view, ImageFindings findings)
    {
        foreach (string path in Paths)
        {
            if (view.Read(path) is { } content)
            {
                findings.OsRelease = findings.Memo.GetOrAdd(content, c => OsReleaseParser.Parse(TextOf.Utf8(c)));
                return;
            }
        }
    }
}

/// <summary>dpkg: <c>/var/lib/dpkg/status</c> and distroless <c>/var/lib/dpkg/status.d/*</c> (one file per package).</summary>
internal sealed class DpkgAnalyzer : IImageAnalyzer
{
    private const string Status = "/var/lib/dpkg/status";
    private const string StatusDirectory = "/var/lib/dpkg/status.d/";

    /// <summary>The status file, or one file of a distroless status directory.</summary>
    public static bool IsDatabase(string path) =>
        path == Status || (path.StartsWith(StatusDirectory, StringComparison.Ordinal) && !path.EndsWith(".md5sums", StringComparison.Ordinal));

    public CaptureMode Capture(string path) => IsDatabase(path) ? CaptureMode.Content : CaptureMode.Skip;

    public void Analyze(ImageView view, ImageFindings findings)
    {
        IEnumerable<string> files = view.Files(p => p.StartsWith(StatusDirectory, StringComparison.Ordinal) && !p.EndsWith(".md5sums", StringComparison.Ordinal))
            .Prepend(Status);
        foreach (string path in files)
        {
            if (view.Read(path) is { } content)
            {
                IReadOnlyList<OsPackage> packages = findings.Memo.GetOrAdd(content, c => DpkgStatusParser.Parse(TextOf.Utf8(c), view.Describe(path)));
                findings.Packages.AddRange(packages.Select(p => new FoundOsPackage(p, "deb", path)));
            }
        }
    }
}

/// <summary>apk: <c>/lib/apk/db/installed</c> (and the merged-/usr location of apk-tools 3).</summary>
internal sealed class ApkAnalyzer : IImageAnalyzer
{
    private static readonly string[] Paths = ["/lib/apk/db/installed", "/usr/lib/apk/db/installed"];

    public static bool IsDatabase(string path) => Paths.Contains(path, StringComparer.Ordinal);

    public CaptureMode Capture(string path) => IsDatabase(path) ? CaptureMode.Content : CaptureMode.Skip;

    public void Analyze(ImageView view, ImageFindings findings)
    {
        foreach (string path in Paths)
        {
            if (view.Read(path) is { } content)
            {
                (IReadOnlyList<OsPackage> packages, List<Warning> warnings) = findings.Memo.GetOrAdd(content, c =>
                {
                    var parseWarnings = new List<Warning>();
                    return Tuple.Create(ApkInstalledParser.Parse(TextOf.Utf8(c), view.Describe(path), parseWarnings), parseWarnings);
                });
                findings.Warnings.AddRange(warnings);
                findings.Packages.AddRange(packages.Select(p => new FoundOsPackage(p, "apk", path)));
                return;
            }
        }
    }
}

/// <summary>
/// rpm: <c>rpmdb.sqlite</c> (rpm ≥ 4.16) in <c>/var/lib/rpm</c> or <c>/usr/lib/sysimage/rpm</c>. The Berkeley DB
/// <c>Packages</c> and ndb <c>Packages.db</c> formats are recognised and reported as unsupported.
/// </summary>
internal sealed class RpmAnalyzer : IImageAnalyzer
{
    private static readonly string[] Directories = ["/var/lib/rpm/", "/usr/lib/sysimage/rpm/"];

    public CaptureMode Capture(string path)
    {
        foreach (string directory in Directories)
        {
            if (path.StartsWith(directory, StringComparison.Ordinal))
            {
                return path[directory.Length..] switch
                {
                    "rpmdb.sqlite" => CaptureMode.Content,
                    "Packages" or "Packages.db" => CaptureMode.Presence,
                    _ => CaptureMode.Skip,
                };
            }
        }

        return CaptureMode.Skip;
    }

    public void Analyze(ImageView view, ImageFindings findings)
    {
        foreach (string directory in Directories)
        {
            string sqlite = directory + "rpmdb.sqlite";
            if (view.Read(sqlite) is { } content)
            {
                IReadOnlyList<OsPackage> packages = findings.Memo.GetOrAdd(content, c => RpmDatabaseReader.ReadSqlite(c, findings.WorkDirectory, view.Describe(sqlite)));
                findings.Packages.AddRange(packages.Select(p => new FoundOsPackage(p, "rpm", sqlite)));
                return;
            }

            foreach ((string file, string format) in new[] { ("Packages", "bdb (Berkeley DB)"), ("Packages.db", "ndb") })
            {
                if (view.Exists(directory + file))
                {
                    findings.Warnings.Add(new Warning(DiagnosticCode.OsPackageDatabaseInvalid, $"rpm database format {format} is not supported ({directory + file}): its packages are not in the SBOM", directory + file));
                    return;
                }
            }
        }
    }
}

/// <summary>Text of a captured file: UTF-8, without a byte order mark.</summary>
internal static class TextOf
{
    public static string Utf8(byte[] content) =>
        content.AsSpan().StartsWith("\uFEFF"u8) ? Encoding.UTF8.GetString(content, 3, content.Length - 3) : Encoding.UTF8.GetString(content);
}

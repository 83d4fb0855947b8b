using System.Text.Json;
using SupplyGate.Core.Advisories;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// Where a SARIF result points. GitHub code scanning rejects a whole log when any result lacks a physical
/// location with an artifact URI (github/codeql-action#1738, #2459), so every result gets one: the project
/// file at the line of the <c>&lt;PackageReference&gt;</c> that brings the package in, else the project file,
/// else the SBOM. URIs are repository-relative with <c>uriBaseId</c> <c>%SRCROOT%</c>, as CodeQL writes them;
/// <c>originalUriBaseIds</c> is left out because code scanning ignores it and it would make the log depend on
/// the machine's checkout path.
/// </summary>
internal sealed class SarifLocations
{
    public const string SourceRootBaseId = "%SRCROOT%";

    /// <summary>The publish output a client-side library's files are relative to.</summary>
    public const string OutputRootBaseId = "PUBLISHROOT";

    private readonly Artifact? _project;
    private readonly Artifact? _sbom;
    private readonly Dictionary<string, int> _lines;

    public SarifLocations(ReportContext ctx)
    {
        _project = Artifact.From(ctx.ProjectFile, ctx.SourceRoot);
        _sbom = Artifact.From(ctx.SbomFile, ctx.SourceRoot);

        // Copied into a case-insensitive map: NuGet ids are case-insensitive whatever comparer the caller used.
        _lines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach ((string id, int line) in ctx.PackageReferenceLines ?? new Dictionary<string, int>())
        {
            if (line >= 1)
            {
                _lines.TryAdd(id, line);
            }
        }
    }

    /// <summary>Writes <c>locations</c> for a result about <paramref name="package"/> (null for app-level rules).</summary>
    public void Write(Utf8JsonWriter w, string? package, string? version, string? purl, Finding? finding)
    {
        Artifact? artifact = _project ?? _sbom;
        if (artifact is null && package is null)
        {
            return;
        }

        w.WriteStartArray("locations");
        w.WriteStartObject();
        if (artifact is not null)
        {
            (int? line, string? via) = _project is null ? (null, null) : FindLine(package, finding);
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation");
            w.WriteString("uri", artifact.Uri);
            if (artifact.UriBaseId is not null)
            {
                w.WriteString("uriBaseId", artifact.UriBaseId);
            }

            w.WriteEndObject();
            // Without a known line the result is about the whole file; line 1 says so explicitly, as the
            // multitool asks (SARIF2017), and code scanning shows the alert at the top of the file.
            w.WriteStartObject("region");
            w.WriteNumber("startLine", line ?? 1);
            w.WriteEndObject();

            w.WriteEndObject();
            if (via is not null)
            {
                w.WriteStartObject("message");
                w.WriteString("text", $"{package} {version} comes in through this reference to {via}.");
                w.WriteEndObject();
            }
        }

        if (package is not null)
        {
            w.WriteStartArray("logicalLocations");
            w.WriteStartObject();
            string name = version is null ? package : $"{package}@{version}";
            w.WriteString("name", name);
            w.WriteString("fullyQualifiedName", purl ?? name);
            w.WriteString("kind", "module");
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>
    /// For a client-side library: each shipped file of it as a related location, so a reader sees which copies in
    /// the output are affected. Paths in a publish output are relative to it (<c>uriBaseId</c>
    /// <see cref="OutputRootBaseId"/>); paths in an image are absolute (<c>file:///app/…</c>).
    /// </summary>
    public static void WriteShippedFiles(Utf8JsonWriter w, Finding? finding)
    {
        if (finding?.Files is not { Count: > 0 } files)
        {
            return;
        }

        w.WriteStartArray("relatedLocations");
        for (int i = 0; i < files.Count; i++)
        {
            w.WriteStartObject();
            w.WriteNumber("id", i + 1);
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation");
            if (files[i].StartsWith('/'))
            {
                w.WriteString("uri", "file://" + Artifact.EscapeRelative(files[i]).Insert(0, "/"));
            }
            else
            {
                w.WriteString("uri", Artifact.EscapeRelative(files[i]));
                w.WriteString("uriBaseId", OutputRootBaseId);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("message");
            w.WriteString("text", $"{finding.PackageName} {finding.InstalledVersion} ships this file.");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// The package's own reference line, else the nearest ancestor on its path that the project references
    /// (the line to edit to upgrade a transitive package). <c>via</c> names that ancestor.
    /// </summary>
    private (int? Line, string? Via) FindLine(string? package, Finding? finding)
    {
        if (package is not null && _lines.TryGetValue(package, out int own))
        {
            return (own, null);
        }

        IReadOnlyList<string> path = finding?.Path ?? [];
        for (int i = path.Count - 2; i >= 0; i--)
        {
            if (_lines.TryGetValue(path[i], out int line))
            {
                return (line, path[i]);
            }
        }

        return (null, null);
    }

    private sealed record Artifact(string Uri, string? UriBaseId)
    {
        public static Artifact? From(string? file, string? root)
        {
            if (string.IsNullOrEmpty(file))
            {
                return null;
            }

            if (!Path.IsPathRooted(file))
            {
                return new Artifact(EscapeRelative(file), SourceRootBaseId);
            }

            if (!string.IsNullOrEmpty(root))
            {
                string relative = Path.GetRelativePath(root, file);
                if (!Path.IsPathRooted(relative) && relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    return new Artifact(EscapeRelative(relative), SourceRootBaseId);
                }
            }

            // Outside the repository: an absolute file URI is still a valid location, just not one code
            // scanning can show next to the source.
            return new Artifact(new System.Uri(file).AbsoluteUri, null);
        }

        public static string EscapeRelative(string path) =>
            string.Join('/', path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Where(s => s != ".")
                .Select(System.Uri.EscapeDataString));
    }
}

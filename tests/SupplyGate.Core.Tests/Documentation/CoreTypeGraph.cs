using System.Text.RegularExpressions;

namespace SupplyGate.Core.Tests.Documentation;

/// <summary>
/// Which Core folder uses which, read from the types each file names: a file that names a type declared in
/// another folder (and visible to it, through its namespace or a <c>using</c>) makes its folder depend on that
/// one. Subfolders are folders of their own (<c>Attestations.Dsse</c>, <c>Oci.Registry</c>), so a cycle between a
/// folder and its subfolder, or between two subfolders sharing one namespace, shows up too.
/// </summary>
internal static partial class CoreTypeGraph
{
    /// <summary>Folder → folder it uses → the type names that make the edge (for the failure message).</summary>
    public static Dictionary<string, SortedDictionary<string, SortedSet<string>>> Read(string coreRoot)
    {
        List<SourceFile> files = [.. Directory.EnumerateFiles(coreRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(coreRoot, f).Split(Path.DirectorySeparatorChar)[0] is not ("bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(f => SourceFile.Read(coreRoot, f))];

        // Type name → where it is declared (a name may be declared in several namespaces).
        var declared = new Dictionary<string, List<(string Namespace, string Folder)>>(StringComparer.Ordinal);
        foreach (SourceFile file in files)
        {
            foreach (Match match in Declaration().Matches(file.Code))
            {
                string name = match.Groups["name"].Value;
                (declared.TryGetValue(name, out var places) ? places : declared[name] = []).Add((file.Namespace, file.Folder));
            }
        }

        var graph = new Dictionary<string, SortedDictionary<string, SortedSet<string>>>(StringComparer.Ordinal);
        foreach (SourceFile file in files)
        {
            SortedDictionary<string, SortedSet<string>> uses = graph.TryGetValue(file.Folder, out var known) ? known : graph[file.Folder] = new(StringComparer.Ordinal);
            foreach (string name in TypeName().Matches(file.Code).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            {
                foreach ((string ns, string folder) in declared.GetValueOrDefault(name, []))
                {
                    if (folder != file.Folder && file.Sees(ns))
                    {
                        (uses.TryGetValue(folder, out var names) ? names : uses[folder] = new(StringComparer.Ordinal)).Add(name);
                    }
                }
            }
        }

        return graph;
    }

    private sealed record SourceFile(string Folder, string Namespace, IReadOnlySet<string> Imports, string Code)
    {
        public static SourceFile Read(string coreRoot, string path)
        {
            string relative = Path.GetRelativePath(coreRoot, Path.GetDirectoryName(path)!);
            string text = File.ReadAllText(path);
            string code = StringLiteral().Replace(Comment().Replace(text, " "), "\"\"");
            string ns = NamespaceDeclaration().Match(text) is { Success: true } m ? m.Groups["ns"].Value : string.Empty;
            return new SourceFile(
                relative == "." ? string.Empty : relative.Replace(Path.DirectorySeparatorChar, '.'),
                ns,
                UsingDirective().Matches(text).Select(u => u.Groups["ns"].Value).ToHashSet(StringComparer.Ordinal),
                code);
        }

        /// <summary>Its own namespace, every enclosing one, and what it imports.</summary>
        public bool Sees(string ns) =>
            Imports.Contains(ns) || Namespace == ns || Namespace.StartsWith(ns + ".", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?(?<name>[A-Z]\w*)")]
    private static partial Regex Declaration();

    /// <summary>
    /// A capitalized name that can be a type: not a member access (<c>x.Name</c>), not a property being declared
    /// (<c>Name { get</c>) and not a member being assigned (<c>Name = …</c> in an initializer).
    /// </summary>
    [GeneratedRegex(@"(?<![.\w])[A-Z]\w*\b(?!\s*(?:\{\s*(?:get|init|set)\b|=(?![=>])))")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"@?\$?""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^namespace\s+(?<ns>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^using\s+(?:static\s+)?(?<ns>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();
}

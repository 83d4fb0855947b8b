using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Os;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>Which package database format a captured file is, for the ones whose parse the layer cache keeps.</summary>
internal enum DatabaseKind : byte
{
    Dpkg,
    Apk,
}

/// <summary>
/// The packages one captured database file of a layer lists, parsed when the layer was read: <see cref="Node"/> is
/// the index of the file in <see cref="LayerChangeset.Nodes"/>. Kept with the layer's cache entry so a warm scan
/// does not parse the same status file again.
/// </summary>
internal sealed record ParsedDatabase(int Node, DatabaseKind Kind, IReadOnlyList<OsPackage> Packages);

/// <summary>
/// Parses a layer's dpkg and apk databases once, right after the layer is read, and hands the results to the
/// analyzers' parse memo. Only clean parses are kept: a database that does not parse, or an apk one with
/// warnings (their text names the image and the layer), is left to the analyzer, which parses it in the
/// image's terms and reports it as before.
/// </summary>
internal static class ParsedDatabases
{
    public static IReadOnlyList<ParsedDatabase> Parse(IReadOnlyList<LayerNode> nodes)
    {
        List<ParsedDatabase>? parsed = null;
        for (int i = 0; i < nodes.Count; i++)
        {
            LayerNode node = nodes[i];
            if (node.Kind != LayerNodeKind.File || node.Content is null || KindOf(node.Path) is not { } kind)
            {
                continue;
            }

            try
            {
                IReadOnlyList<OsPackage>? packages = kind switch
                {
                    DatabaseKind.Dpkg => DpkgStatusParser.Parse(TextOf.Utf8(node.Content), node.Path),
                    _ => ParseApk(node),
                };
                if (packages is not null)
                {
                    (parsed ??= []).Add(new ParsedDatabase(i, kind, packages));
                }
            }
            catch (InvalidInputException)
            {
                // The analyzer parses it again and reports it with the image and the layer in the message.
            }
        }

        return parsed ?? (IReadOnlyList<ParsedDatabase>)[];
    }

    /// <summary>Gives the analyzers the parses, keyed by the captured content they read through the image's view.</summary>
    public static void Seed(ParseMemo memo, LayerChangeset changeset)
    {
        foreach (ParsedDatabase database in changeset.Parsed)
        {
            byte[] content = changeset.Nodes[database.Node].Content!;
            if (database.Kind == DatabaseKind.Dpkg)
            {
                memo.Seed(content, database.Packages);
            }
            else
            {
                memo.Seed(content, Tuple.Create(database.Packages, new List<Warning>()));
            }
        }
    }

    public static DatabaseKind? KindOf(string path) =>
        DpkgAnalyzer.IsDatabase(path) ? DatabaseKind.Dpkg
        : ApkAnalyzer.IsDatabase(path) ? DatabaseKind.Apk
        : null;

    private static IReadOnlyList<OsPackage>? ParseApk(LayerNode node)
    {
        var warnings = new List<Warning>();
        IReadOnlyList<OsPackage> packages = ApkInstalledParser.Parse(TextOf.Utf8(node.Content!), node.Path, warnings);
        return warnings.Count == 0 ? packages : null;
    }
}

using System.Globalization;
using System.Text;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Reporting;

/// <summary>The HTML report's SBOM-derived sections: licenses, image layers and the dependency tree.</summary>
internal static class HtmlReportSections
{
    // Inventory.Image.ImagePropertyNames.BaseLayer and ImageFactsProperties.BaseName/BaseDigest, spelled out here
    // because Reporting reads SBOMs and policy results and must not depend on the image inventory (docs/architecture.md
    // layout); the layer tests build their SBOM with the inventory's constants, so a rename breaks them.
    private const string BaseLayerProperty = "supplygate:image:base-layer";
    private const string LayerIndexProperty = "supplygate:image:layer-index";
    private const string BaseNameProperty = "supplygate:image:base-name";
    private const string BaseDigestProperty = "supplygate:image:base-digest";

    private static readonly string[] LicenseHeaders = ["License", "Components"];
    private static readonly string[] LicenseViolationHeaders = ["Action", "Code", "Rule", "Package", "Version", "Message"];
    private static readonly string[] AppLayerHeaders = ["Package", "Version", "Type", "Layer", "Findings"];

    public static bool IsLicenseRule(string ruleId) => ruleId is RuleIds.LicensesDenied or RuleIds.LicensesUnknown or RuleIds.LicensesUnidentified;

    public static bool HasLayers(Bom bom) => AllComponents(bom).Any(c => c.GetProperty(BaseLayerProperty) is not null);

    public static void WriteLicenses(StringBuilder html, Bom bom, ReportModel model)
    {
        List<Component> components = [.. AllComponents(bom)];
        html.Append("<section id=\"licenses\" aria-labelledby=\"licenses-title\">\n<h2 id=\"licenses-title\">Licenses</h2>\n");
        if (components.Count == 0)
        {
            html.Append("<p>The SBOM lists no components.</p>\n");
        }
        else
        {
            html.Append("<table id=\"licenses-table\">\n<caption>Declared licenses and how many components carry each</caption>\n");
            HtmlText.Head(html, LicenseHeaders);
            html.Append("<tbody>\n");
            IEnumerable<IGrouping<string, Component>> groups = components
                .GroupBy(LicenseText, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal);
            foreach (IGrouping<string, Component> group in groups)
            {
                html.Append("<tr><th scope=\"row\">").Append(HtmlText.Escape(group.Key)).Append("</th><td>")
                    .Append(group.Count().ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        List<Violation> violations = [.. model.Violations.Where(v => IsLicenseRule(v.RuleId))];
        html.Append("<h3>License policy violations (").Append(violations.Count).Append(")</h3>\n");
        if (violations.Count == 0)
        {
            html.Append("<p>None.</p>\n");
        }
        else
        {
            html.Append("<table id=\"license-violations-table\">\n<caption>Components whose license the policy denies or cannot judge</caption>\n");
            HtmlText.Head(html, LicenseViolationHeaders);
            html.Append("<tbody>\n");
            foreach (Violation violation in violations)
            {
                HtmlText.Row(html, HtmlReport.ViolationCells(violation));
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>
    /// For image SBOMs: what came with the base image and what the application's layers added (prior art, docs/architecture.md §6), so
    /// a reader sees which findings are theirs to fix and which wait for a new base image.
    /// </summary>
    public static void WriteLayers(StringBuilder html, Bom bom, ReportModel model)
    {
        List<Component> layered = [.. AllComponents(bom).Where(c => c.GetProperty(BaseLayerProperty) is not null)];
        if (layered.Count == 0)
        {
            return;
        }

        var origin = layered.Where(c => c.BomRef is not null).GroupBy(c => c.BomRef!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().GetProperty(BaseLayerProperty), StringComparer.Ordinal);
        List<FindingEntry> open = [.. model.Findings.Where(f => f.Status != FindingStatus.Suppressed)];
        int FindingsIn(string value) => open.Count(f => origin.TryGetValue(f.Finding.ComponentRef, out string? o) && o == value);
        int Count(string value) => layered.Count(c => c.GetProperty(BaseLayerProperty) == value);

        html.Append("<section id=\"layers\" aria-labelledby=\"layers-title\">\n<h2 id=\"layers-title\">Image layers: base vs application</h2>\n");
        IReadOnlyList<Property> facts = bom.Metadata?.Properties ?? [];
        string? baseName = facts.FirstOrDefault(p => p.Name == BaseNameProperty)?.Value;
        string? baseDigest = facts.FirstOrDefault(p => p.Name == BaseDigestProperty)?.Value;
        html.Append("<p>Base image: ").Append(baseName is null ? "not identified" : HtmlText.Escape(baseName))
            .Append(baseDigest is null ? string.Empty : $" <span class=\"muted\">{HtmlText.Escape(baseDigest)}</span>").Append(".</p>\n");

        html.Append("<table id=\"layers-table\">\n<caption>Components and open findings by the layer that introduced them</caption>\n");
        HtmlText.Head(html, ["Layers", "Components", "Findings"]);
        html.Append("<tbody>\n");
        LayerRow(html, "Base image", Count("true"), FindingsIn("true"));
        LayerRow(html, "Application", Count("false"), FindingsIn("false"));
        int unknown = Count("unknown");
        if (unknown > 0)
        {
            LayerRow(html, "Unknown (base image not identified)", unknown, FindingsIn("unknown"));
        }

        html.Append("</tbody>\n</table>\n");

        var worst = WorstStatus(model);
        List<Component> app = [.. layered.Where(c => c.GetProperty(BaseLayerProperty) == "false")
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Version, StringComparer.Ordinal).ThenBy(c => c.BomRef, StringComparer.Ordinal)];
        html.Append("<h3>Packages in the application layers (").Append(app.Count).Append(")</h3>\n");
        if (app.Count == 0)
        {
            html.Append("<p>None.</p>\n");
        }
        else
        {
            html.Append("<table id=\"app-layer-table\">\n<caption>Components introduced above the base image</caption>\n");
            HtmlText.Head(html, AppLayerHeaders);
            html.Append("<tbody>\n");
            foreach (Component c in app)
            {
                string flag = c.BomRef is not null && worst.TryGetValue(c.BomRef, out FindingStatus status) ? Badge(status) : "-";
                HtmlText.Row(html, [HtmlText.Escape(c.Name), HtmlText.Cell(c.Version), HtmlText.Escape(c.Type), HtmlText.Cell(c.GetProperty(LayerIndexProperty)), flag]);
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>
    /// The graph from the subject down as nested lists. A component's children are printed once; where it
    /// appears again (a diamond, or a cycle back up the path) it says "(see above)" instead, which keeps the
    /// page linear in the size of the graph and makes cycles finite.
    /// </summary>
    public static void WriteTree(StringBuilder html, Bom bom, ReportModel model)
    {
        var edges = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (Dependency dependency in bom.Dependencies)
        {
            edges.TryAdd(dependency.Ref, dependency.DependsOn);
        }

        var byRef = new Dictionary<string, Component>(StringComparer.Ordinal);
        foreach (Component c in AllComponents(bom).Where(c => c.BomRef is not null))
        {
            byRef.TryAdd(c.BomRef!, c);
        }

        var tree = new TreeWriter(html, edges, byRef, WorstStatus(model));
        html.Append("<section id=\"tree\" aria-labelledby=\"tree-title\">\n<h2 id=\"tree-title\">Dependency tree</h2>\n");
        Component? subject = bom.Metadata?.Component;
        if (subject?.BomRef is { } root && edges.ContainsKey(root))
        {
            byRef.TryAdd(root, subject);
            html.Append("<ul class=\"tree\">\n");
            tree.Node(root, depth: 0);
            html.Append("</ul>\n");
        }
        else
        {
            html.Append("<p>The SBOM has no dependency graph from its subject.</p>\n");
        }

        List<Component> unreached = [.. byRef.Values.Where(c => !tree.Seen.Contains(c.BomRef!) && !ReferenceEquals(c, subject))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.BomRef, StringComparer.Ordinal)];
        if (unreached.Count > 0)
        {
            html.Append("<details id=\"tree-unreached\"><summary>Components not reached from the subject (").Append(unreached.Count)
                .Append(")</summary>\n<ul class=\"tree\">\n");
            foreach (Component c in unreached)
            {
                html.Append("<li><span class=\"leaf\">").Append(tree.Label(c.BomRef!)).Append("</span></li>\n");
            }

            html.Append("</ul></details>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>Every component, nested ones included (CycloneDX allows components inside components).</summary>
    internal static IEnumerable<Component> AllComponents(Bom bom)
    {
        var stack = new Stack<Component>(bom.Components.Reverse());
        while (stack.Count > 0)
        {
            Component c = stack.Pop();
            yield return c;
            for (int i = c.Components.Count - 1; i >= 0; i--)
            {
                stack.Push(c.Components[i]);
            }
        }
    }

    /// <summary>The licenses as written, several entries joined with AND (how LicenseJudge reads them).</summary>
    internal static string LicenseText(Component component)
    {
        if (component.Licenses.Count == 0)
        {
            return "(none declared)";
        }

        IEnumerable<string> parts = component.Licenses.Select(choice => choice switch
        {
            LicenseExpression e => e.Expression,
            License { Id: { } id } => id,
            License { Name: { } name } => name,
            _ => "(empty)",
        });
        return string.Join(" AND ", parts);
    }

    private static void LayerRow(StringBuilder html, string label, int components, int findings) =>
        html.Append("<tr><th scope=\"row\">").Append(label).Append("</th><td>").Append(components.ToString(CultureInfo.InvariantCulture))
            .Append("</td><td>").Append(findings.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");

    /// <summary>Per component, its worst finding status (deny before warn before info before suppressed).</summary>
    private static Dictionary<string, FindingStatus> WorstStatus(ReportModel model)
    {
        var worst = new Dictionary<string, FindingStatus>(StringComparer.Ordinal);
        foreach (FindingEntry entry in model.Findings)
        {
            string key = entry.Finding.ComponentRef;
            if (!worst.TryGetValue(key, out FindingStatus current) || entry.Status < current)
            {
                worst[key] = entry.Status;
            }
        }

        return worst;
    }

    private static string Badge(FindingStatus status)
    {
        string name = ReportText.StatusName(status);
        return $"<span class=\"badge badge-{name} flag\">{name}</span>";
    }

    private sealed class TreeWriter(
        StringBuilder html,
        Dictionary<string, IReadOnlyList<string>> edges,
        Dictionary<string, Component> byRef,
        Dictionary<string, FindingStatus> worst)
    {
        private readonly HashSet<string> _expanded = new(StringComparer.Ordinal);

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public void Node(string bomRef, int depth)
        {
            Seen.Add(bomRef);
            IReadOnlyList<string> children = edges.TryGetValue(bomRef, out IReadOnlyList<string>? list) ? list : [];
            html.Append("<li data-ref=\"").Append(HtmlText.Escape(bomRef)).Append("\">");
            if (children.Count == 0)
            {
                html.Append("<span class=\"leaf\">").Append(Label(bomRef)).Append("</span></li>\n");
                return;
            }

            if (!_expanded.Add(bomRef))
            {
                html.Append("<span class=\"leaf\">").Append(Label(bomRef)).Append(" <span class=\"muted see-above\">(see above)</span></span></li>\n");
                return;
            }

            // The subject and its direct dependencies start open; deeper levels are one click away.
            html.Append(depth < 2 ? "<details open>" : "<details>").Append("<summary>").Append(Label(bomRef)).Append("</summary>\n<ul>\n");
            foreach (string child in children)
            {
                Node(child, depth + 1);
            }

            html.Append("</ul></details></li>\n");
        }

        public string Label(string bomRef)
        {
            string text = byRef.TryGetValue(bomRef, out Component? c)
                ? HtmlText.Escape((c.Group is { Length: > 0 } group ? group + "/" : string.Empty) + c.Name)
                    + (c.Version is { Length: > 0 } version ? " <span class=\"muted\">" + HtmlText.Escape(version) + "</span>" : string.Empty)
                : HtmlText.Escape(bomRef);
            return worst.TryGetValue(bomRef, out FindingStatus status) ? text + Badge(status) : text;
        }
    }
}

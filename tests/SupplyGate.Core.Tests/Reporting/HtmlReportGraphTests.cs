using System.Text.RegularExpressions;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Reporting;

/// <summary>The HTML report's dependency tree (diamonds, cycles, unreachable components) and image layer split.</summary>
[Trait("Category", "unit")]
public sealed class HtmlReportGraphTests
{
    [Fact]
    public void Tree_SampleApp_NestsFromTheSubjectDown()
    {
        string tree = HtmlReportTests.Section(HtmlReportTests.Html(ReportScenario.Context()), "tree");

        // SampleApp > SqlClient > Jwt > JsonWebTokens: each level inside the previous one's list.
        int app = tree.IndexOf("data-ref=\"" + ReportScenario.AppRef + "\"", StringComparison.Ordinal);
        int sql = tree.IndexOf("data-ref=\"" + ReportScenario.SqlClientRef + "\"", StringComparison.Ordinal);
        int jwt = tree.IndexOf("data-ref=\"" + ReportScenario.JwtRef + "\"", StringComparison.Ordinal);
        int tokens = tree.IndexOf("data-ref=\"" + ReportScenario.JsonWebTokensRef + "\"", StringComparison.Ordinal);
        Assert.True(app >= 0 && app < sql && sql < jwt && jwt < tokens, tree);
        Assert.Equal(3, Depth(tree, tokens) - Depth(tree, app));
        Assert.Contains("Microsoft.Data.SqlClient <span class=\"muted\">2.1.4</span><span class=\"badge badge-deny flag\">deny</span>", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("(see above)", tree, StringComparison.Ordinal);
    }

    [Fact]
    public void Tree_Diamond_PrintsTheSharedSubtreeOnceAndRefersToItAfterwards()
    {
        // App -> A -> D -> E and App -> B -> D: D's children appear once, the second D says "(see above)".
        Bom bom = Graph(("app", ["a", "b"]), ("a", ["d"]), ("b", ["d"]), ("d", ["e"]), ("e", []));

        string tree = TreeOf(bom);

        Assert.Equal(2, Count(tree, "data-ref=\"d\""));
        Assert.Equal(1, Count(tree, "data-ref=\"e\""));
        Assert.Equal(1, Count(tree, "(see above)"));
        Assert.True(tree.IndexOf("data-ref=\"e\"", StringComparison.Ordinal) < tree.IndexOf("(see above)", StringComparison.Ordinal));
        Assert.Matches("<li data-ref=\"d\"><span class=\"leaf\">d <span class=\"muted\">1.0.0</span> <span class=\"muted see-above\">\\(see above\\)</span></span></li>", tree);
    }

    [Fact]
    public void Tree_Cycle_EndsAtTheRepeatedNode()
    {
        // App -> A -> B -> A (and B -> App): finite output, each back edge marked.
        Bom bom = Graph(("app", ["a"]), ("a", ["b"]), ("b", ["a", "app"]));

        string tree = TreeOf(bom);

        Assert.Equal(2, Count(tree, "data-ref=\"a\""));
        Assert.Equal(1, Count(tree, "data-ref=\"b\""));
        Assert.Equal(2, Count(tree, "(see above)"));
        Assert.Equal(Count(tree, "<details"), Count(tree, "</details>"));
        Assert.Equal(Count(tree, "<li"), Count(tree, "</li>"));
    }

    [Fact]
    public void Tree_ComponentsOffTheGraph_AreListedSeparately()
    {
        Bom bom = Graph(("app", ["a"]), ("a", []), ("orphan", []));

        string tree = TreeOf(bom);

        string unreached = tree[tree.IndexOf("id=\"tree-unreached\"", StringComparison.Ordinal)..];
        Assert.Contains("Components not reached from the subject (1)", unreached, StringComparison.Ordinal);
        Assert.Contains("orphan", unreached, StringComparison.Ordinal);
        Assert.DoesNotContain(">a <", unreached, StringComparison.Ordinal);
    }

    [Fact]
    public void Tree_WithoutAGraph_SaysSoAndListsEveryComponent()
    {
        Bom bom = Graph(("app", ["a"]), ("a", [])) with { Dependencies = [] };

        string tree = TreeOf(bom);

        Assert.Contains("no dependency graph", tree, StringComparison.Ordinal);
        Assert.Contains("Components not reached from the subject (1)", tree, StringComparison.Ordinal);
    }

    [Fact]
    public void Layers_ImageSbom_SplitsBaseFromApplicationAndListsTheAppPackages()
    {
        Bom bom = ImageBom();
        Finding libc = Finding("pkg:deb/debian/libc6@2.36-9", "libc6", "2.36-9", "CVE-2024-2961", Severity.High);
        Finding newtonsoft = ReportScenario.Newtonsoft;
        PolicyResult result = ReportScenario.Denied() with { Violations = [], Suppressed = [], Findings = [libc, newtonsoft], Decision = Decision.Pass };

        string html = HtmlReportTests.Html(new ReportContext { Bom = bom, Result = result });

        Assert.Contains("<a href=\"#layers\">", html, StringComparison.Ordinal);
        string layers = HtmlReportTests.Section(html, "layers");
        Assert.Contains("Base image: mcr.microsoft.com/dotnet/runtime-deps:10.0 <span class=\"muted\">sha256:1111", layers, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Base image</th><td>3</td><td>1</td></tr>", layers, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Application</th><td>2</td><td>1</td></tr>", layers, StringComparison.Ordinal);
        Assert.DoesNotContain("Unknown", layers, StringComparison.Ordinal);

        string app = layers[layers.IndexOf("id=\"app-layer-table\"", StringComparison.Ordinal)..];
        Assert.Contains("Packages in the application layers (2)", layers, StringComparison.Ordinal);
        Assert.Contains("<tr><td>Newtonsoft.Json</td><td>12.0.1</td><td>library</td><td>3</td><td><span class=\"badge badge-info flag\">info</span></td></tr>", app, StringComparison.Ordinal);
        Assert.Contains("<td>SampleApp</td>", app, StringComparison.Ordinal);
        Assert.DoesNotContain("libc6", app, StringComparison.Ordinal);
        Assert.DoesNotContain("zlib1g", app, StringComparison.Ordinal);
    }

    [Fact]
    public void Layers_UnknownBase_AreCountedApart()
    {
        Bom bom = ImageBom();
        bom = bom with
        {
            Components = [.. bom.Components.Select(c => c with { Properties = [.. c.Properties.Select(p => p.Name == ImagePropertyNames.BaseLayer ? p with { Value = "unknown" } : p)] })],
        };

        string layers = HtmlReportTests.Section(HtmlReportTests.Html(new ReportContext { Bom = bom, Result = ReportScenario.Denied() }), "layers");

        Assert.Contains("<tr><th scope=\"row\">Unknown (base image not identified)</th><td>5</td>", layers, StringComparison.Ordinal);
        Assert.Contains("Packages in the application layers (0)", layers, StringComparison.Ordinal);
    }

    [Fact]
    public void Layers_ApplicationSbom_HasNoLayerSection()
    {
        string html = HtmlReportTests.Html(ReportScenario.Context());

        Assert.DoesNotContain("id=\"layers\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"#layers\"", html, StringComparison.Ordinal);
    }

    /// <summary>An image SBOM the way ImageBomBuilder writes it: layer, layer index and base-layer on every component.</summary>
    private static Bom ImageBom()
    {
        static Component Layered(string type, string name, string version, string purl, int layer, bool isBase) => new()
        {
            Type = type,
            Name = name,
            Version = version,
            BomRef = purl,
            Purl = purl,
            Properties =
            [
                new Property(ImagePropertyNames.Layer, $"sha256:{layer}{new string('0', 63)}"),
                new Property(ImagePropertyNames.LayerIndex, layer.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Property(ImagePropertyNames.BaseLayer, isBase ? "true" : "false"),
            ],
        };

        const string Image = "pkg:oci/app@sha256:abcd";
        return new Bom
        {
            Metadata = new BomMetadata
            {
                Component = new Component { Type = ComponentTypes.Container, Name = "localhost:5000/team/app", Version = "sha256:abcd", BomRef = Image },
                Properties =
                [
                    new Property(ImageFactsProperties.BaseName, "mcr.microsoft.com/dotnet/runtime-deps:10.0"),
                    new Property(ImageFactsProperties.BaseDigest, "sha256:" + new string('1', 64)),
                    new Property(ImageFactsProperties.LayerCount, "4"),
                    new Property(ImageFactsProperties.BaseLayerCount, "3"),
                ],
            },
            Components =
            [
                Layered(ComponentTypes.OperatingSystem, "debian", "12", "pkg:generic/debian@12", 0, isBase: true),
                Layered(ComponentTypes.Library, "libc6", "2.36-9", "pkg:deb/debian/libc6@2.36-9", 0, isBase: true),
                Layered(ComponentTypes.Library, "zlib1g", "1.2.13", "pkg:deb/debian/zlib1g@1.2.13", 1, isBase: true),
                Layered(ComponentTypes.Library, "Newtonsoft.Json", "12.0.1", ReportScenario.NewtonsoftRef, 3, isBase: false),
                Layered(ComponentTypes.Application, "SampleApp", "1.0.0", ReportScenario.AppRef, 3, isBase: false),
            ],
            Dependencies =
            [
                new Dependency(Image, ["pkg:generic/debian@12", ReportScenario.AppRef]),
                new Dependency("pkg:generic/debian@12", ["pkg:deb/debian/libc6@2.36-9", "pkg:deb/debian/zlib1g@1.2.13"]),
                new Dependency(ReportScenario.AppRef, [ReportScenario.NewtonsoftRef]),
            ],
        };
    }

    private static Finding Finding(string purl, string name, string version, string advisory, Severity level) => new()
    {
        AdvisoryId = advisory,
        ComponentRef = purl,
        PackageName = name,
        InstalledVersion = version,
        Purl = purl,
        Ecosystem = "Debian:12",
        AffectedRange = "< 2.36-9+deb12u7",
        Severity = new AdvisorySeverity(level, SeverityOrigin.DatabaseLabel),
    };

    /// <summary>A BOM whose subject is "app" and whose components are the other refs, all version 1.0.0.</summary>
    private static Bom Graph(params (string Ref, string[] DependsOn)[] edges) => new()
    {
        Metadata = new BomMetadata { Component = new Component { Type = ComponentTypes.Application, Name = "app", Version = "1.0.0", BomRef = "app" } },
        Components = [.. edges.Where(e => e.Ref != "app").Select(e => new Component { Type = ComponentTypes.Library, Name = e.Ref, Version = "1.0.0", BomRef = e.Ref })],
        Dependencies = [.. edges.Select(e => new Dependency(e.Ref, e.DependsOn))],
    };

    private static string TreeOf(Bom bom) => HtmlReportTests.Section(
        HtmlReportTests.Html(new ReportContext { Bom = bom, Result = ReportScenario.Denied() with { Violations = [], Findings = [], Suppressed = [] } }),
        "tree");

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));

    /// <summary>How many &lt;ul&gt; are open at a position: the nesting depth of the list item there.</summary>
    private static int Depth(string html, int position) =>
        Count(html[..position], "<ul") - Count(html[..position], "</ul>");
}

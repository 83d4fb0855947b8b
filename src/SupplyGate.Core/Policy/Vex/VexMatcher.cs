using SupplyGate.Core.Advisories;
using SupplyGate.Core.Policy.Patterns;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Policy.Vex;

/// <summary>
/// Finds the VEX statement that speaks about a finding (SPECS §8; prior art, docs/architecture.md §6: statements must be scoped to
/// the component they name, and purls must match despite qualifiers such as <c>repository_url</c>).
/// </summary>
/// <remarks>
/// A statement matches when one of its vulnerability ids equals the finding's id or an alias, and a product
/// names the finding's component, or names the app/image (the BOM's <c>metadata.component</c>) either with no
/// subcomponents (the whole app is not affected) or with a subcomponent naming the component. Names compare
/// as purls (<see cref="PurlPattern.SamePackage"/>) or as exact bom-refs. A BOM-Link must point into this BOM's
/// serial number. Within one document the last matching statement wins, as later statements supersede earlier
/// ones in OpenVEX.
/// </remarks>
internal sealed class VexMatcher(Bom bom, IReadOnlyList<VexDocument> documents)
{
    private readonly Component? _app = bom.Metadata?.Component;

    /// <summary>The suppressing statement and its document, or null when no document suppresses the finding.</summary>
    public (VexDocument Document, VexStatement Statement)? FindSuppressing(Finding finding)
    {
        foreach (VexDocument document in documents)
        {
            VexStatement? last = document.Statements.LastOrDefault(s => SameVulnerability(s, finding) && s.Products.Any(p => Covers(p, finding)));
            if (last is { Suppresses: true })
            {
                return (document, last);
            }
        }

        return null;
    }

    private static bool SameVulnerability(VexStatement statement, Finding finding) =>
        statement.AllIds.Any(id => string.Equals(id, finding.AdvisoryId, StringComparison.OrdinalIgnoreCase)
            || finding.Aliases.Contains(id, StringComparer.OrdinalIgnoreCase));

    private bool Covers(VexProduct product, Finding finding)
    {
        if (product.BomSerial is not null && bom.SerialNumber is not null
            && !string.Equals(product.BomSerial, bom.SerialNumber, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        bool namesComponent = Names(product.Id, finding.ComponentRef, finding.Purl);
        bool namesApp = _app is not null && Names(product.Id, _app.BomRef, _app.Purl);
        if (product.Subcomponents.Count == 0)
        {
            return namesComponent || namesApp;
        }

        return (namesApp || _app is null || namesComponent)
            && product.Subcomponents.Any(sub => Names(sub, finding.ComponentRef, finding.Purl));
    }

    private static bool Names(string id, string? bomRef, string? purl) =>
        (bomRef is not null && string.Equals(id, bomRef, StringComparison.Ordinal))
        || (purl is not null && id.StartsWith("pkg:", StringComparison.Ordinal) && PurlPattern.SamePackage(id, purl));
}

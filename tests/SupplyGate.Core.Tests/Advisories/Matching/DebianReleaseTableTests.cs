using System.Text;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Advisories.Matching;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Advisories.Matching;

/// <summary>
/// The importer and the matcher once had two code-name tables that disagreed (squeeze–stretch and duke were
/// known to one only), so an advisory imported for a release could miss that release's packages.
/// </summary>
[Trait("Category", "unit")]
public sealed class DebianReleaseTableTests
{
    [Theory]
    [InlineData("stretch", "9")]
    [InlineData("bookworm", "12")]
    [InlineData("duke", "15")]
    public void A_tracker_release_and_a_package_of_that_release_meet_in_one_ecosystem(string codename, string number)
    {
        byte[] tracker = Encoding.UTF8.GetBytes(
            "{\"openssl\":{\"CVE-2099-0001\":{\"description\":\"x\",\"releases\":{\"" + codename
            + "\":{\"status\":\"resolved\",\"fixed_version\":\"3.0.99-1\",\"urgency\":\"high\"}}}}}");
        Advisory advisory = Assert.Single(DebianImporter.ReadTracker(tracker, "tracker.json", []));
        var component = new Component
        {
            Type = "library",
            Name = "libssl3",
            Version = "3.0.1-1",
            Purl = $"pkg:deb/debian/libssl3@3.0.1-1?arch=amd64&distro={codename.ToUpperInvariant()}&upstream=openssl",
            BomRef = "libssl3",
        };

        string imported = Assert.Single(advisory.Affected).Ecosystem;
        IReadOnlyList<PackageCoordinate> coordinates = ComponentCoordinates.For(component);

        Assert.Equal($"Debian:{number}", imported);
        Assert.Contains(coordinates, c => c.Ecosystem == imported && c.Name == "openssl");
    }

    [Fact]
    public void Every_code_name_has_a_distinct_number()
    {
        Assert.Equal(DebianReleases.All.Count, DebianReleases.All.Values.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("12", DebianReleases.NumberOf("Bookworm"));
        Assert.Equal("sid", DebianReleases.NumberOf("sid"));
    }
}

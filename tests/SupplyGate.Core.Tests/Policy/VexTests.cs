using System.Text;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Policy.Vex;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

[Trait("Category", "unit")]
public sealed class VexTests
{
    private static readonly PolicyDocument Default = PolicyDocument.LoadPreset("default");

    private static VexDocument Fixture(string name) =>
        VexParser.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "vex", name)), $"vex/{name}");

    [Fact]
    public void Parse_OpenVex_ReadsStatements()
    {
        VexDocument document = Fixture("sampleapp.openvex.json");

        Assert.Equal(VexFormat.OpenVex, document.Format);
        Assert.Equal(3, document.Statements.Count);
        VexStatement first = document.Statements[0];
        Assert.Equal("CVE-2024-0056", first.Vulnerability);
        Assert.Contains("GHSA-98g6-xh36-x2p7", first.Aliases);
        Assert.Equal(VexStatus.NotAffected, first.Status);
        Assert.Equal(["pkg:nuget/Microsoft.Data.SqlClient@2.1.4"], Assert.Single(first.Products).Subcomponents);
        Assert.Equal([VexStatus.NotAffected, VexStatus.Affected, VexStatus.UnderInvestigation], document.Statements.Select(s => s.Status));
    }

    [Fact]
    public void Evaluate_OpenVexNotAffected_SuppressesWithJustification()
    {
        PolicyResult result = Evaluate(Input(Default, vex: [Fixture("sampleapp.openvex.json")]));

        Assert.Equal(Decision.Pass, result.Decision);
        SuppressedFinding suppressed = Assert.Single(result.Suppressed);
        Assert.Equal("GHSA-98g6-xh36-x2p7", suppressed.Finding.AdvisoryId);
        Assert.Equal("vex:vex/sampleapp.openvex.json", suppressed.SuppressedBy);
        Assert.StartsWith("not_affected: vulnerable_code_not_in_execute_path (SampleApp never opens", suppressed.Reason, StringComparison.Ordinal);
        Assert.Null(suppressed.Expires);
        Assert.Equal(4, result.Findings.Count);
    }

    [Fact]
    public void Evaluate_OpenVexAffectedOrUnderInvestigation_DoesNotSuppress()
    {
        PolicyResult result = Evaluate(Input(Default, [IdentityClient(), NewtonsoftJson()], vex: [Fixture("sampleapp.openvex.json")]));

        Assert.Empty(result.Suppressed);
        Assert.Equal(2, result.Violations.Count);
    }

    [Fact]
    public void Evaluate_OpenVexForOtherComponent_DoesNotSuppress()
    {
        Finding sameCveOtherPackage = SqlClient() with
        {
            ComponentRef = "pkg:nuget/System.Data.SqlClient@4.8.5",
            PackageName = "System.Data.SqlClient",
            InstalledVersion = "4.8.5",
            Purl = "pkg:nuget/System.Data.SqlClient@4.8.5",
        };

        PolicyResult result = Evaluate(Input(Default, [sameCveOtherPackage], vex: [Fixture("sampleapp.openvex.json")]));

        Assert.Empty(result.Suppressed);
        Assert.Equal(Decision.Deny, result.Decision);
    }

    [Fact]
    public void Evaluate_OpenVexForOtherProduct_DoesNotSuppress()
    {
        Bom otherApp = SampleBom() with { Metadata = new BomMetadata { Component = App with { Name = "Other", BomRef = "pkg:nuget/Other@1.0.0", Purl = "pkg:nuget/Other@1.0.0" } } };

        PolicyResult result = Evaluate(Input(Default, [SqlClient()], bom: otherApp, vex: [Fixture("sampleapp.openvex.json")]));

        Assert.Empty(result.Suppressed);
    }

    [Fact]
    public void Parse_CycloneDxVex_MapsStatesAndBomLinks()
    {
        VexDocument document = Fixture("sampleapp.cdx-vex.json");

        Assert.Equal(VexFormat.CycloneDx, document.Format);
        Assert.Equal(3, document.Statements.Count); // the VDR-only entry without analysis states nothing
        VexStatement first = document.Statements[0];
        Assert.Equal(VexStatus.NotAffected, first.Status);
        Assert.Equal(["GHSA-98g6-xh36-x2p7"], first.Aliases);
        VexProduct product = Assert.Single(first.Products);
        Assert.Equal("pkg:nuget/Microsoft.Data.SqlClient@2.1.4", product.Id);
        Assert.Equal(Serial, product.BomSerial);
        Assert.Equal([VexStatus.NotAffected, VexStatus.Fixed, VexStatus.Affected], document.Statements.Select(s => s.Status));
    }

    [Fact]
    public void Evaluate_CycloneDxVex_SuppressesOnlyWithinLinkedBom()
    {
        PolicyResult result = Evaluate(Input(Default, vex: [Fixture("sampleapp.cdx-vex.json")]));

        SuppressedFinding suppressed = Assert.Single(result.Suppressed);
        Assert.Equal("Microsoft.Data.SqlClient", suppressed.Finding.PackageName);
        Assert.Equal("vex:vex/sampleapp.cdx-vex.json", suppressed.SuppressedBy);
        Assert.Equal("not_affected: code_not_reachable (Always Encrypted is not enabled anywhere in SampleApp.)", suppressed.Reason);
        Assert.Contains(result.Violations, v => v.PackageName == "Newtonsoft.Json"); // BOM-Link to another serial
        Assert.Contains(result.Violations, v => v.PackageName == "Microsoft.Identity.Client"); // exploitable
        Assert.Equal(Decision.Pass, result.Decision);
    }

    [Fact]
    public void Evaluate_CycloneDxVexOnBomWithOtherSerial_DoesNotSuppress()
    {
        Bom other = SampleBom() with { SerialNumber = "urn:uuid:11111111-1111-4111-8111-111111111111" };

        PolicyResult result = Evaluate(Input(Default, [SqlClient()], bom: other, vex: [Fixture("sampleapp.cdx-vex.json")]));

        Assert.Empty(result.Suppressed);
    }

    [Fact]
    public void Evaluate_OpenVexImageProductWithQualifiers_MatchesDespiteRepositoryUrl()
    {
        const string Digest = "sha256:4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b";
        var image = new Component
        {
            Type = ComponentTypes.Container,
            Name = "registry.example.com/team/app",
            BomRef = "img",
            Purl = $"pkg:oci/app@{Digest}?arch=amd64&repository_url=registry.example.com%2Fteam%2Fapp&tag=1.2.3",
        };
        const string OpenSsl = "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12";
        var bom = new Bom { Metadata = new BomMetadata { Component = image }, Components = [new Component { Type = "library", Name = "openssl", Version = "3.0.11-1~deb12u2", BomRef = OpenSsl, Purl = OpenSsl }] };
        var finding = new Finding
        {
            AdvisoryId = "CVE-2023-5678",
            ComponentRef = OpenSsl,
            PackageName = "openssl",
            InstalledVersion = "3.0.11-1~deb12u2",
            Purl = OpenSsl,
            Ecosystem = "Debian:12",
            AffectedRange = "< 3.0.13-1~deb12u1",
            Severity = new AdvisorySeverity(Severity.High, SeverityOrigin.DatabaseLabel),
        };

        PolicyResult result = Evaluate(Input(Default, [finding], bom: bom, vex: [Fixture("image.openvex.json")]));

        SuppressedFinding suppressed = Assert.Single(result.Suppressed);
        Assert.Equal("fixed", suppressed.Reason);
        Assert.Equal(Decision.Pass, result.Decision);
    }

    [Fact]
    public void Evaluate_PolicySuppressionAndVex_PolicyWins()
    {
        PolicyDocument policy = ParsePolicy("  suppressions:\n    - {advisory: GHSA-98g6-xh36-x2p7, reason: accepted risk}\n");

        PolicyResult result = Evaluate(Input(policy, [SqlClient()], vex: [Fixture("sampleapp.openvex.json")]));

        Assert.Equal("policy", Assert.Single(result.Suppressed).SuppressedBy);
    }

    [Theory]
    [InlineData("{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[{\"vulnerability\":{\"name\":\"CVE-1\"},\"products\":[{\"@id\":\"pkg:nuget/A@1\"}],\"status\":\"not_affected\"}]}", "not_affected needs a justification")]
    [InlineData("{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[{\"vulnerability\":{\"name\":\"CVE-1\"},\"products\":[{\"@id\":\"pkg:nuget/A@1\"}],\"status\":\"fine\"}]}", "status 'fine'")]
    [InlineData("{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"fixed\"}]}", "statements[0] has no products")]
    [InlineData("{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"ok\"},\"affects\":[{\"ref\":\"a\"}]}]}", "analysis.state 'ok'")]
    [InlineData("{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"not_affected\"},\"affects\":[{\"ref\":\"urn:cdx:abc\"}]}]}", "is not a BOM-Link")]
    [InlineData("{\"hello\":1}", "neither OpenVEX")]
    [InlineData("{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\n\"statements\": [1", "v.json:2:")]
    public void Parse_Invalid_IsVexInvalid(string json, string expected)
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => VexParser.Parse(Encoding.UTF8.GetBytes(json), "v.json"));

        Assert.Equal(DiagnosticCode.VexInvalid, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

[Trait("Category", "integration")]
public sealed class LicenseRuleTests
{
    private const string DenyGpl = "  licenses: {deny: [GPL-*], unknown: warn}\n";
    private const string AllowList = "  licenses: {allow: [MIT, Apache-2.0, BSD-*], deny: [GPL-*], unknown: deny}\n";

    private static IReadOnlyList<Violation> Judge(string spec, params Component[] components) =>
        Evaluate(Input(ParsePolicy(spec), [], Bom(components))).Violations;

    private static Component With(string expression) => Package("Lib", "1.0.0", license: expression);

    [Fact]
    public void Evaluate_OrWithDeniedAlternative_Allowed()
    {
        Assert.Empty(Judge(DenyGpl, With("MIT OR GPL-3.0-only")));
    }

    [Fact]
    public void Evaluate_AndWithDeniedTerm_Denied()
    {
        Violation violation = Assert.Single(Judge(DenyGpl, With("MIT AND GPL-3.0-only")));

        Assert.Equal("SG4001", violation.Code);
        Assert.Equal(RuleIds.LicensesDenied, violation.RuleId);
        Assert.Equal(RuleAction.Deny, violation.Action);
        Assert.Equal("Lib 1.0.0: license MIT AND GPL-3.0-only is denied: GPL-3.0-only is denied (GPL-*)", violation.Message);
    }

    [Theory]
    [InlineData("Apache-2.0 WITH LLVM-exception", null)]
    [InlineData("GPL-2.0+", "SG4001")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "SG4001")]
    [InlineData("LGPL-2.1-only", "SG4002")]
    [InlineData("LicenseRef-Acme", "SG4020")]
    [InlineData("mit or gpl-3.0-only", null)]
    [InlineData("(BSD-3-Clause OR GPL-2.0-only) AND Apache-2.0", null)]
    [InlineData("BSD-3-Clause AND (GPL-2.0-only OR LicenseRef-Acme)", "SG4020")]
    [InlineData("MIT OR", "SG4002")]
    public void Evaluate_AllowList_JudgesExpression(string expression, string? code)
    {
        IReadOnlyList<Violation> violations = Judge(AllowList, With(expression));

        Assert.Equal(code, violations.SingleOrDefault()?.Code);
    }

    [Fact]
    public void Evaluate_MalformedExpression_Unknown()
    {
        Violation violation = Assert.Single(Judge(DenyGpl, With("MIT OR (Apache-2.0")));

        Assert.Equal("SG4002", violation.Code);
        Assert.Equal(RuleIds.LicensesUnknown, violation.RuleId);
        Assert.Equal(RuleAction.Warn, violation.Action);
        Assert.Contains("not a valid SPDX expression", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoLicense_Unknown()
    {
        Violation violation = Assert.Single(Judge(DenyGpl, Package("Lib", "1.0.0", license: null)));

        Assert.Equal("SG4002", violation.Code);
        Assert.Contains("no license declared", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LICENSE.txt (license file in package)")]
    [InlineData("see https://example.com/eula")]
    public void Evaluate_NameOnlyLicense_Unknown(string name)
    {
        Component component = Package("Lib", "1.0.0", license: null) with { Licenses = [new License { Name = name }] };

        Violation violation = Assert.Single(Judge(DenyGpl, component));

        Assert.Equal("SG4002", violation.Code);
    }

    [Fact]
    public void Evaluate_LicenseIdEntries_CountAsAnd()
    {
        Component component = Package("Lib", "1.0.0", license: null) with { Licenses = [new License { Id = "MIT" }, new License { Id = "GPL-3.0-only" }] };

        Assert.Equal("SG4001", Assert.Single(Judge(DenyGpl, component)).Code);
    }

    [Fact]
    public void Evaluate_ExcludedComponent_NotJudgedByDefault()
    {
        Component devOnly = Package("Analyzer", "1.0.0", ComponentScopes.Excluded, "GPL-3.0-only", ExcludedReasons.DevelopmentDependency);

        Assert.Empty(Judge(DenyGpl, devOnly));
        Assert.Single(Judge("  licenses: {deny: [GPL-*], scopes: [required, excluded]}\n", devOnly));
    }

    [Fact]
    public void Evaluate_ProjectReference_NotJudged()
    {
        Component project = Package("SampleLib", "1.0.0", license: null) with { Properties = [new Property(PropertyNames.ProjectPath, "../SampleLib/SampleLib.csproj")] };

        Assert.Empty(Judge(DenyGpl, project));
    }

    [Fact]
    public void Evaluate_ActionsOff_NoViolations()
    {
        Assert.Empty(Judge("  licenses: {deny: [GPL-*], action: off, unknown: off}\n", With("GPL-3.0-only"), Package("X", "1", license: null)));
    }

    [Fact]
    public void Evaluate_DeniedLicense_FailsGate()
    {
        PolicyResult result = Evaluate(Input(ParsePolicy(DenyGpl), [], Bom(With("AGPL-3.0-only AND GPL-3.0-only"))));

        Assert.Equal(Decision.Deny, result.Decision);
    }

    /// <summary>What a package whose license file matches no SPDX text carries in the SBOM.</summary>
    private static Component LicenseFilePackage(string name = "MediatR", string version = "13.0.0") =>
        Package(name, version, license: null) with
        {
            Licenses = [new License { Name = $"LicenseRef-{name}-LICENSE.md", Acknowledgement = "declared", Text = new AttachedText("Lucky Penny terms", "text/plain") }],
            Properties = [new Property(PropertyNames.LicenseFile, "LICENSE.md"), new Property(PropertyNames.LicenseSource, LicenseSources.FileUnidentified)],
        };

    [Fact]
    public void Evaluate_UnidentifiedLicenseFile_IsSG4020WithTheFileAndTheWayOut()
    {
        Violation violation = Assert.Single(Judge(DenyGpl, LicenseFilePackage()));

        Assert.Equal(DiagnosticCode.LicenseFileUnidentified, violation.Code);
        Assert.Equal(RuleIds.LicensesUnidentified, violation.RuleId);
        Assert.Equal(RuleAction.Warn, violation.Action);
        Assert.Equal(
            "MediatR 13.0.0: its license file 'LICENSE.md' (in the NuGet packages folder: mediatr/13.0.0/LICENSE.md) is not a known SPDX license text; "
            + "it is recorded as LicenseRef-MediatR-LICENSE.md with its text in the SBOM. "
            + "Read it, then allow it (spec.licenses.allow: [LicenseRef-MediatR-LICENSE.md]) or deny it (spec.licenses.deny).",
            violation.Message);
    }

    [Fact]
    public void Evaluate_AllowedLicenseRef_PassesAndDoesNotRestrictOtherLicenses()
    {
        const string Spec = "  licenses: {allow: [LicenseRef-MediatR-LICENSE.md], unknown: deny}\n";

        Assert.Empty(Judge(Spec, LicenseFilePackage(), With("GPL-3.0-only"), With("MIT")));
        Assert.Equal(DiagnosticCode.LicenseFileUnidentified, Assert.Single(Judge(Spec, LicenseFilePackage("AutoMapper", "15.0.0"))).Code);
    }

    [Fact]
    public void Evaluate_DeniedLicenseRef_IsSG4001()
    {
        Violation violation = Assert.Single(Judge("  licenses: {deny: [LicenseRef-MediatR-*]}\n", LicenseFilePackage()));

        Assert.Equal(DiagnosticCode.LicenseDenied, violation.Code);
        Assert.Equal(RuleAction.Deny, violation.Action);
    }

    [Fact]
    public void Evaluate_StrictPreset_DeniesAnUnidentifiedLicenseFile_DefaultWarns()
    {
        static IReadOnlyList<Violation> With(PolicyDocument policy) => Evaluate(Input(policy, [], Bom(LicenseFilePackage()))).Violations;

        Violation strict = Assert.Single(With(PolicyDocument.LoadPreset("strict")), v => v.Code == DiagnosticCode.LicenseFileUnidentified);
        Assert.Equal(RuleAction.Deny, strict.Action);
        Violation preset = Assert.Single(With(PolicyDocument.LoadPreset("default")), v => v.Code == DiagnosticCode.LicenseFileUnidentified);
        Assert.Equal(RuleAction.Warn, preset.Action);
    }
}

using System.Text;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Policy;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

[Trait("Category", "integration")]
public sealed class PolicyParserTests
{
    [Fact]
    public void LoadPreset_Default_HasDocumentedRules()
    {
        PolicyDocument policy = PolicyDocument.LoadPreset("default");

        Assert.Equal("default", policy.Name);
        Assert.Equal(RuleAction.Deny, policy.Advisories.Critical);
        Assert.Equal(RuleAction.Deny, policy.Advisories.High);
        Assert.Equal(RuleAction.Warn, policy.Advisories.Medium);
        Assert.Equal(["required"], policy.Advisories.Scopes);
        Assert.Equal(RuleAction.Warn, policy.Licenses.Unknown);
        Assert.Empty(policy.Licenses.Deny);
        Assert.Equal(RuleAction.Warn, policy.Runtime.EndOfLife);
        Assert.Equal(TimeSpan.FromDays(30), policy.Data.MaxAge);
        Assert.Equal(RuleAction.Warn, policy.Data.Action);
        Assert.StartsWith("sha256:", policy.Digest, StringComparison.Ordinal);
        Assert.Equal(71, policy.Digest.Length);
    }

    [Fact]
    public void LoadPreset_Strict_DeniesMediumStaleDataAndUnknownLicenses()
    {
        PolicyDocument policy = PolicyDocument.LoadPreset("strict");

        Assert.Equal(RuleAction.Deny, policy.Advisories.Medium);
        Assert.False(policy.Advisories.FixedOnly);
        Assert.Equal(RuleAction.Deny, policy.Licenses.Unknown);
        Assert.Contains("MIT", policy.Licenses.Allow);
        Assert.Contains("GPL-*", policy.Licenses.Deny);
        Assert.Equal(RuleAction.Deny, policy.Runtime.EndOfLife);
        Assert.Equal(TimeSpan.FromDays(7), policy.Data.MaxAge);
        Assert.Equal(RuleAction.Deny, policy.Data.Action);
        Assert.True(policy.SuppressionsRequireExpiry);
    }

    [Fact]
    public void LoadPreset_EmbeddedBytes_EqualPoliciesFolder()
    {
        foreach (string name in PolicyDocument.PresetNames)
        {
            byte[] onDisk = File.ReadAllBytes(Path.Combine(Interop.CycloneDxSchemaValidator.FindRepositoryRoot(), "policies", $"{name}.yaml"));

            Assert.Equal(onDisk, PolicyDocument.LoadPreset(name).Content);
        }
    }

    [Fact]
    public void Parse_EmptySpec_EqualsDefaultPresetRules()
    {
        PolicyDocument empty = ParsePolicy("  {}\n");
        PolicyDocument preset = PolicyDocument.LoadPreset("default");

        Assert.Equal(preset.Advisories, empty.Advisories);
        Assert.Equal(preset.Licenses, empty.Licenses);
        Assert.Equal(preset.Packages, empty.Packages);
        Assert.Equal(preset.Runtime, empty.Runtime);
        Assert.Equal(preset.Data, empty.Data);
        Assert.Equal(preset.SuppressionsRequireExpiry, empty.SuppressionsRequireExpiry);
    }

    [Fact]
    public void Parse_FullDocument_ReadsEveryKey()
    {
        PolicyDocument policy = ParsePolicy("""
              advisories: {critical: deny, high: warn, medium: off, low: off, unknown: deny, fixedOnly: true, scopes: [required, excluded]}
              suppressions:
                - advisory: GHSA-98g6-xh36-x2p7
                  purl: pkg:nuget/Microsoft.Data.SqlClient@*
                  versions: "[2.1.4]"
                  reason: Only used with Always Encrypted disabled.
                  expires: 2026-12-31
              suppressionsRequireExpiry: true
              vex: [vex/app.openvex.json]
              licenses: {action: warn, unknown: off, allow: [MIT], deny: [GPL-*], scopes: [required, optional]}
              packages:
                action: warn
                deny:
                  - {purl: "pkg:nuget/log4net*", versions: "(,2.0.10)", reason: CVE-2018-1285}
              runtime: {endOfLife: deny}
              data: {maxAge: 48h, action: deny}
            """);

        Assert.Equal(RuleAction.Warn, policy.Advisories.High);
        Assert.Equal(RuleAction.Off, policy.Advisories.Medium);
        Assert.True(policy.Advisories.FixedOnly);
        Assert.Equal(["required", "excluded"], policy.Advisories.Scopes);
        Suppression s = Assert.Single(policy.Suppressions);
        Assert.Equal("[2.1.4]", s.Versions);
        Assert.Equal(new DateOnly(2026, 12, 31), s.Expires);
        Assert.Equal(8, s.Line);
        Assert.Equal(["vex/app.openvex.json"], policy.Vex);
        Assert.Equal(RuleAction.Off, policy.Licenses.Unknown);
        PackageDenyEntry deny = Assert.Single(policy.Packages.Deny);
        Assert.Equal("(,2.0.10)", deny.Versions);
        Assert.Equal(RuleAction.Deny, policy.Runtime.EndOfLife);
        Assert.Equal(TimeSpan.FromHours(48), policy.Data.MaxAge);
    }

    [Theory]
    [InlineData("  advisories:\n    critcal: deny\n", 7, 5, "unknown key 'critcal' in 'spec.advisories'", "one of critical, high")]
    [InlineData("  advisories:\n    high: dney\n", 7, 11, "'dney' is not an action for 'spec.advisories.high'", "deny, warn or off")]
    [InlineData("  suppressions:\n    - advisory: GHSA-1\n      reason: r\n      expires: 2026-13-01\n", 9, 16, "'2026-13-01' is not a date", "yyyy-mm-dd")]
    [InlineData("  suppressions:\n    - advisory: GHSA-1\n      expires: 2026-01-01\n", 7, 7, "'spec.suppressions[0]' has no 'reason'", "why this advisory")]
    [InlineData("  suppressions:\n    - advisory: GHSA-1\n      reason: \"  \"\n", 8, 15, "'spec.suppressions[0].reason' is blank", "why this advisory")]
    [InlineData("  advisories:\n    high: [deny\n", 8, 1, "YAML syntax error", null)]
    [InlineData("  data:\n    maxAge: 7 days\n", 7, 13, "'7 days' is not a duration", "7d or 48h")]
    [InlineData("  data:\n    maxAge: 99999999d\n", 7, 13, "'99999999d' is not a duration", "up to 36500d")]
    [InlineData("  data:\n    maxAge: 876001h\n", 7, 13, "'876001h' is not a duration", "up to 36500d")]
    [InlineData("  data:\n    action: off\n", 7, 13, "cannot be off", "deny or warn")]
    [InlineData("  advisories:\n    scopes: [shipped]\n", 7, 14, "'shipped' is not a component scope", "required, optional, excluded")]
    [InlineData("  advisories:\n    fixedOnly: yes\n", 7, 16, "'spec.advisories.fixedOnly' is 'yes'", "true or false")]
    [InlineData("  packages:\n    deny:\n      - purl: nuget/Foo\n        reason: r\n", 8, 15, "'nuget/Foo' is not a purl pattern", "pkg:<type>")]
    [InlineData("  packages:\n    deny:\n      - purl: pkg:nuget/Foo\n        versions: \"[1.0\"\n        reason: r\n", 9, 19, "'[1.0' is not a version range", "NuGet range")]
    [InlineData("  suppressionsRequireExpiry: true\n  suppressions:\n    - advisory: GHSA-1\n      reason: r\n", 8, 7, "suppression of GHSA-1 has no 'expires'", "suppressionsRequireExpiry")]
    [InlineData("  licenses: [MIT]\n", 6, 13, "'spec.licenses' is a list", "a mapping of")]
    [InlineData("  advisories:\n    high: deny\n    high: warn\n", 8, 5, "Duplicate key", null)]
    public void Parse_Malformed_ReportsFileLineAndColumn(string spec, int line, int column, string what, string? expected)
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => ParsePolicy(spec));

        Assert.Equal(DiagnosticCode.PolicyInvalid, error.Code);
        Assert.Equal("policy.yaml", error.Path);
        Assert.StartsWith($"policy.yaml:{line}:{column}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        if (expected is not null)
        {
            Assert.Contains("(expected ", error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("apiVersion: supplygate.dev/v1\nkind: Policy\nmetadata: {name: x}\nspec: {}\n", "1:13: unsupported apiVersion")]
    [InlineData("apiVersion: supplygate.dev/v1alpha1\nkind: Polcy\nmetadata: {name: x}\nspec: {}\n", "2:7: kind 'Polcy' is not a policy")]
    [InlineData("apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nspec: {}\n", "1:1: the document has no 'metadata'")]
    [InlineData("apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata: {name: x}\n", "1:1: the document has no 'spec'")]
    [InlineData("apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata: {name: x}\nspec: {}\nextends: strict\n", "5:1: unknown key 'extends' in the document")]
    [InlineData("", "the document is empty")]
    [InlineData("- a\n- b\n", "1:1: the document is a list")]
    public void Parse_MalformedDocument_ReportsPosition(string yaml, string expected)
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => PolicyDocument.Parse(Encoding.UTF8.GetBytes(yaml), "p.yaml"));

        Assert.Equal(DiagnosticCode.PolicyInvalid, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_IsInputNotFound()
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => PolicyDocument.Load("/nonexistent/policy.yaml"));

        Assert.Equal(DiagnosticCode.InputNotFound, error.Code);
    }

    [Fact]
    public void LoadPreset_UnknownName_IsConfigurationError()
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => PolicyDocument.LoadPreset("lenient"));

        Assert.Equal(DiagnosticCode.InvalidConfiguration, error.Code);
    }

    [Fact]
    public void Digest_IsSha256OfSourceBytes()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Yaml("  {}\n"));

        PolicyDocument policy = PolicyDocument.Parse(bytes, "p.yaml");

        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), policy.Digest);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("strict")]
    public void Write_Preset_ParsesBackToSameRules(string preset)
    {
        PolicyDocument original = PolicyDocument.LoadPreset(preset) with
        {
            Suppressions = [new Suppression { Advisory = "GHSA-1", Purl = "pkg:nuget/A*", Versions = "[1.0,2.0)", Reason = "a \"quoted\" reason: yes", Expires = new DateOnly(2027, 1, 2) }],
            Packages = new PackageRules { Deny = [new PackageDenyEntry { Purl = "pkg:nuget/Evil", Reason = "malware" }] },
        };

        PolicyDocument reparsed = PolicyDocument.Parse(Encoding.UTF8.GetBytes(PolicyYamlWriter.Write(original)), "show.yaml");

        Assert.Equal(original.Name, reparsed.Name);
        Assert.Equal(original.Advisories, reparsed.Advisories);
        Assert.Equal(original.Licenses, reparsed.Licenses);
        Assert.Equal(original.Packages, reparsed.Packages);
        Assert.Equal(original.Runtime, reparsed.Runtime);
        Assert.Equal(original.Data, reparsed.Data);
        Assert.Equal(original.Suppressions.Select(s => s with { Line = 0 }), reparsed.Suppressions.Select(s => s with { Line = 0 }));
    }
}

using System.Text;
using System.Text.RegularExpressions;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Reporting;

[Trait("Category", "unit")]
public sealed class HtmlReportTests
{
    [Fact]
    public void Write_SampleVerdict_MatchesGoldenFile()
    {
        GoldenFile.AssertMatches("report.html", Html(ReportScenario.Context()));
    }

    [Fact]
    public void Write_SampleVerdict_IsAnAccessibleSelfContainedPage()
    {
        string html = Html(ReportScenario.Context());

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>SupplyGate: DENY \u2014 SampleApp 1.0.0</title>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\"", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\"", html, StringComparison.Ordinal);

        // Nothing is loaded from anywhere: no src, no stylesheet links, no imports; links are plain anchors.
        Assert.DoesNotMatch(new Regex(@"\ssrc\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Single(Regex.Matches(html, "<script"));
        Assert.Single(Regex.Matches(html, "<style"));
    }

    [Fact]
    public void Write_ContentSecurityPolicy_AllowsExactlyTheInlineStyleAndScript()
    {
        string html = Html(ReportScenario.Context());

        string style = Between(html, "<style>", "</style>");
        string script = Between(html, "<script>", "</script>");
        string csp = Between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src " + HtmlReportAssets.CspHash(style) + ";", csp, StringComparison.Ordinal);
        Assert.Contains("script-src " + HtmlReportAssets.CspHash(script) + ";", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Denied_ShowsVerdictReasonAndOneRowPerUnsuppressedFinding()
    {
        string html = Html(ReportScenario.Context());

        Assert.Contains("data-verdict=\"deny\">DENY</span>", html, StringComparison.Ordinal);
        Assert.Contains("1 violation fails the gate", html, StringComparison.Ordinal);
        Assert.Contains("<li><code>SG3003</code> Microsoft.Data.SqlClient 2.1.4 has a known high", html, StringComparison.Ordinal);

        string findings = Section(html, "findings");
        MatchCollection rows = Regex.Matches(findings, "<tr class=\"status-(\\w+)\" data-advisory=\"([^\"]+)\"");
        Assert.Equal(
            ["deny GHSA-98g6-xh36-x2p7", "warn GHSA-8g4q-xg66-9fp4", "warn GHSA-m5vv-6r4h-3vj9", "warn GHSA-5crp-9r3c-p9vr"],
            rows.Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}"));
        Assert.Contains("deny (not counted)", findings, StringComparison.Ordinal); // excluded System.Text.Json
        Assert.Contains("<a href=\"https://github.com/advisories/GHSA-98g6-xh36-x2p7\" rel=\"noreferrer\">GHSA-98g6-xh36-x2p7</a>", findings, StringComparison.Ordinal);
        foreach (string key in (string[])["severity", "package", "version", "advisory", "fixed", "action"])
        {
            Assert.Contains($"data-key=\"{key}\"", findings, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_Suppressed_AreListedApartWithReasonAndExpiry()
    {
        string html = Html(ReportScenario.Context());

        string suppressed = Section(html, "suppressed");
        Assert.Contains("Suppressed (2)", suppressed, StringComparison.Ordinal);
        Assert.Contains("Tokens are only validated from our own issuer; upgrade tracked in OPS-142", suppressed, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2026-09-30\">2026-09-30</time>", suppressed, StringComparison.Ordinal);
        Assert.Contains("<td>never</td>", suppressed, StringComparison.Ordinal); // the VEX statement has no expiry
        Assert.Contains("vex openvex vex/sample.openvex.json", suppressed, StringComparison.Ordinal);

        // Apart: the suppressed advisory is not a row of the findings table.
        Assert.DoesNotContain("GHSA-59j7-ghrg-fj52", Section(html, "findings"), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_PassAfterSuppression_SaysPassWithWarningsAndStillListsTheSuppression()
    {
        string html = Html(ReportScenario.Context(ReportScenario.PassedWithSqlClientSuppressed()));

        // One vocabulary with the CLI and MSBuild: the gate passed, so the word is PASS; the colour says warnings.
        Assert.Contains("class=\"badge badge-warn\" data-verdict=\"pass\">PASS</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("WARN", html, StringComparison.Ordinal);
        Assert.Contains("The gate passes, with 3 warnings.", html, StringComparison.Ordinal);
        Assert.Contains("Fix rolls out with the 2.1.7 upgrade in sprint 14", Section(html, "suppressed"), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_CleanPass_SaysPass()
    {
        PolicyResult clean = ReportScenario.Denied() with { Decision = Decision.Pass, Violations = [], Findings = [], Suppressed = [] };

        string html = Html(ReportScenario.Context(clean));

        Assert.Contains("data-verdict=\"pass\">PASS</span>", html, StringComparison.Ordinal);
        Assert.Contains("<title>SupplyGate: PASS", html, StringComparison.Ordinal);
        Assert.Contains("Findings (0)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_StaleData_SaysStaleAndWhy()
    {
        string html = Html(ReportScenario.Context(ReportScenario.Stale()));

        Assert.Contains("data-verdict=\"stale\">STALE</span>", html, StringComparison.Ordinal);
        Assert.Contains("older than the policy&#39;s maxAge of 12h", html, StringComparison.Ordinal);
        Assert.Contains("SG3005", Section(html, "violations"), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HostileText_IsEscapedEverywhere()
    {
        const string Script = "<script>alert(1)</script>";
        const string Attribute = "\"><img src=x onerror=alert(2)>";
        Finding hostile = ReportScenario.Newtonsoft with
        {
            AdvisoryId = "GHSA-<b>bold</b>",
            PackageName = Script,
            InstalledVersion = Attribute,
            ComponentRef = "pkg:nuget/evil@1?x=\"'<>",
            FixedVersion = "</td></tr></table><script>alert(3)</script>",
            Summary = "</div><iframe srcdoc='<script>alert(4)</script>'></iframe>",
            References = ["javascript:alert(5)"],
            Path = ["SampleApp", Script],
        };
        Bom bom = ReportScenario.Bom() with
        {
            Metadata = new BomMetadata { Component = new Component { Type = ComponentTypes.Application, BomRef = "app", Name = "App <svg onload=alert(6)>" } },
            Components =
            [
                new Component
                {
                    Type = ComponentTypes.Library, BomRef = hostile.ComponentRef, Name = Script, Version = Attribute,
                    Licenses = [new License { Name = "<marquee>MIT</marquee>" }],
                },
            ],
            Dependencies = [new Dependency("app", [hostile.ComponentRef]), new Dependency(hostile.ComponentRef, ["app"])],
        };
        PolicyResult result = ReportScenario.Denied() with
        {
            Findings = [hostile],
            Violations =
            [
                new Violation
                {
                    RuleId = RuleIds.Advisories, Action = RuleAction.Deny, Code = DiagnosticCode.AdvisoryLow,
                    Message = Script + " is vulnerable", ComponentRef = hostile.ComponentRef, Finding = hostile,
                },
                new Violation
                {
                    RuleId = RuleIds.LicensesUnknown, Action = RuleAction.Warn, Code = DiagnosticCode.LicenseUnknown,
                    Message = "license <marquee>MIT</marquee> is unknown", ComponentRef = hostile.ComponentRef, PackageName = Script,
                },
            ],
            Suppressed = [new SuppressedFinding(hostile with { AdvisoryId = "GHSA-x" }, "<b onmouseover=alert(7)>trust me</b>", null, "vex <u>doc</u>")],
            PolicyName = "<h1>policy</h1>",
        };

        string html = Html(new ReportContext { Bom = bom, Result = result });

        Assert.Single(Regex.Matches(html, "<script", RegexOptions.IgnoreCase));
        foreach (string tag in (string[])["<img", "<iframe", "<svg", "<marquee", "<b>", "<b ", "<u>"])
        {
            Assert.DoesNotContain(tag, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;h1&gt;policy&lt;/h1&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/div&gt;&lt;iframe srcdoc=&#39;", html, StringComparison.Ordinal);
        Assert.Contains("data-ref=\"pkg:nuget/evil@1?x=&quot;&#39;&lt;&gt;\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b onmouseover=alert(7)&gt;trust me&lt;/b&gt;", Section(html, "suppressed"), StringComparison.Ordinal);
        Assert.Contains("&lt;marquee&gt;MIT&lt;/marquee&gt;", Section(html, "licenses"), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Twice_GivesTheSameBytes_WhateverOrderThePolicyListedThingsIn()
    {
        ReportContext ctx = ReportScenario.Context();
        PolicyResult result = ctx.Result;
        ReportContext shuffled = ctx with
        {
            Result = result with
            {
                Findings = [.. result.Findings.Reverse()],
                Violations = [.. result.Violations.Reverse()],
                Suppressed = [.. result.Suppressed.Reverse()],
            },
        };

        byte[] first = HtmlReport.Write(ctx);

        Assert.Equal(first, HtmlReport.Write(ctx));
        Assert.Equal(first, HtmlReport.Write(shuffled));
        Assert.DoesNotContain("\r", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
        Assert.False(first.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no byte order mark");
    }

    [Fact]
    public void Write_Licenses_CountsComponentsPerLicenseAndListsLicenseViolations()
    {
        Bom bom = ReportScenario.Bom();
        bom = bom with
        {
            Components =
            [
                .. bom.Components.Take(2).Select(c => c with { Licenses = [new LicenseExpression("MIT")] }),
                bom.Components[2] with { Licenses = [new License { Id = "Apache-2.0" }] },
                bom.Components[3] with { Licenses = [new License { Id = "MIT" }] },
                .. bom.Components.Skip(4),
            ],
        };
        PolicyResult result = ReportScenario.Denied() with
        {
            Violations =
            [
                .. ReportScenario.Denied().Violations,
                new Violation
                {
                    RuleId = RuleIds.LicensesUnknown, Action = RuleAction.Warn, Code = DiagnosticCode.LicenseUnknown,
                    Message = "System.IdentityModel.Tokens.Jwt 6.8.0: license none is unknown or not allowed: no license declared",
                    ComponentRef = ReportScenario.JwtRef, PackageName = "System.IdentityModel.Tokens.Jwt", PackageVersion = "6.8.0",
                },
            ],
        };

        string licenses = Section(Html(new ReportContext { Bom = bom, Result = result }), "licenses");

        Assert.Contains("<tr><th scope=\"row\">MIT</th><td>3</td></tr>\n<tr><th scope=\"row\">(none declared)</th><td>2</td></tr>\n<tr><th scope=\"row\">Apache-2.0</th><td>1</td></tr>", licenses, StringComparison.Ordinal);
        Assert.Contains("License policy violations (1)", licenses, StringComparison.Ordinal);
        Assert.Contains("<td>warn</td><td>" + DiagnosticCode.LicenseUnknown + "</td><td>licenses.unknown</td><td>System.IdentityModel.Tokens.Jwt</td>", licenses, StringComparison.Ordinal);
    }

    internal static string Html(ReportContext ctx) => Encoding.UTF8.GetString(HtmlReport.Write(ctx));

    /// <summary>The text of <c>&lt;section id="…"&gt;</c> up to its end (sections are not nested).</summary>
    internal static string Section(string html, string id)
    {
        int start = html.IndexOf($"<section id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {id}");
        return html[start..(html.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length)];
    }

    private static string Between(string text, string start, string end)
    {
        int from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }
}

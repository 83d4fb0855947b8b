using System.Text;
using System.Text.Json;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Tests.Interop;

namespace SupplyGate.Core.Tests.Reporting;

[Trait("Category", "integration")]
public sealed class JsonReportTests
{
    [Fact]
    public void Write_SampleVerdict_MatchesGoldenFile()
    {
        byte[] json = JsonReport.Write(ReportScenario.Context());

        GoldenFile.AssertMatches("report.json", Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Write_SampleVerdict_ListsEveryFindingWithItsStatus()
    {
        using JsonDocument doc = JsonDocument.Parse(JsonReport.Write(ReportScenario.Context()));
        JsonElement root = doc.RootElement;

        Assert.Equal("deny", root.GetProperty("decision").GetString());
        Assert.Equal(1, root.GetProperty("exitCode").GetInt32());
        Dictionary<string, string?> status = root.GetProperty("findings").EnumerateArray()
            .ToDictionary(f => f.GetProperty("package").GetString()!, f => f.GetProperty("status").GetString());
        Assert.Equal("deny", status["Microsoft.Data.SqlClient"]);
        Assert.Equal("warn", status["Microsoft.Identity.Client"]);
        Assert.Equal("warn", status["Newtonsoft.Json"]);
        Assert.Equal("suppressed", status["Microsoft.IdentityModel.JsonWebTokens"]);
        Assert.Equal("suppressed", status["System.IdentityModel.Tokens.Jwt"]);
        Assert.Equal("warn", status["System.Text.Json"]);

        JsonElement sqlClient = root.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("package").GetString() == "Microsoft.Data.SqlClient");
        Assert.Equal(8.7, sqlClient.GetProperty("severity").GetProperty("score").GetDouble());
        Assert.Equal("cvss-v3", sqlClient.GetProperty("severity").GetProperty("origin").GetString());
        Assert.Equal("2.1.7", sqlClient.GetProperty("fixedVersion").GetString());
        Assert.Equal(["CVE-2024-0056"], sqlClient.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));

        JsonElement counts = root.GetProperty("counts");
        Assert.Equal(6, counts.GetProperty("findings").GetInt32());
        Assert.Equal(1, counts.GetProperty("deny").GetInt32());
        Assert.Equal(3, counts.GetProperty("warn").GetInt32());
        Assert.Equal(2, counts.GetProperty("suppressed").GetInt32());
        Assert.True(root.GetProperty("store").GetProperty("sample").GetBoolean());
    }

    [Fact]
    public void Write_SuppressedFinding_KeepsReasonExpiryAndOwner()
    {
        using JsonDocument doc = JsonDocument.Parse(JsonReport.Write(ReportScenario.Context()));

        JsonElement suppressed = doc.RootElement.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("package").GetString() == "Microsoft.IdentityModel.JsonWebTokens")
            .GetProperty("suppressed");
        Assert.Equal(ReportScenario.PolicySuppression.Reason, suppressed.GetProperty("reason").GetString());
        Assert.Equal("2026-09-30", suppressed.GetProperty("expires").GetString());
        Assert.Equal("policy suppressions[0]", suppressed.GetProperty("by").GetString());
    }

    [Fact]
    public void Write_InputInAnotherOrder_GivesTheSameBytes()
    {
        ReportContext ctx = ReportScenario.Context();
        PolicyResult shuffled = ctx.Result with
        {
            Violations = [.. ctx.Result.Violations.Reverse()],
            Findings = [.. ctx.Result.Findings.Reverse()],
            Suppressed = [.. ctx.Result.Suppressed.Reverse()],
        };

        Assert.Equal(JsonReport.Write(ctx), JsonReport.Write(ctx));
        Assert.Equal(JsonReport.Write(ctx), JsonReport.Write(ctx with { Result = shuffled }));
    }

    [Fact]
    public void Write_EveryMember_IsDeclaredAndRequiredInTheDocumentedSchema()
    {
        string schemaPath = Path.Combine(CycloneDxSchemaValidator.FindRepositoryRoot(), "docs", "report.schema.json");
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(schemaPath));
        using JsonDocument report = JsonDocument.Parse(JsonReport.Write(ReportScenario.Context()));

        AssertMatchesSchemaShape(schema.RootElement, schema.RootElement, report.RootElement, "$");
    }

    /// <summary>
    /// A structural check, not a full validator: every object member is declared and required (the report
    /// always writes every member), and arrays are followed into their items. It catches a field added to the
    /// writer but not to the documented schema, and the other way round.
    /// </summary>
    private static void AssertMatchesSchemaShape(JsonElement root, JsonElement schema, JsonElement value, string path)
    {
        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            string name = reference.GetString()!["#/$defs/".Length..];
            schema = root.GetProperty("$defs").GetProperty(name);
        }

        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out JsonElement properties))
        {
            string[] declared = [.. properties.EnumerateObject().Select(p => p.Name).Order()];
            string[] required = [.. schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order()];
            string[] written = [.. value.EnumerateObject().Select(p => p.Name).Order()];
            Assert.True(declared.SequenceEqual(written), $"{path}: schema declares [{string.Join(", ", declared)}], report writes [{string.Join(", ", written)}]");
            Assert.True(required.SequenceEqual(written), $"{path}: schema requires [{string.Join(", ", required)}]");
            foreach (JsonProperty member in value.EnumerateObject())
            {
                AssertMatchesSchemaShape(root, properties.GetProperty(member.Name), member.Value, $"{path}.{member.Name}");
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out JsonElement items))
        {
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                AssertMatchesSchemaShape(root, items, item, $"{path}[{i++}]");
            }
        }
        else if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("anyOf", out JsonElement anyOf))
        {
            // Nullable objects are written as anyOf [{$ref}, {type: null}].
            AssertMatchesSchemaShape(root, anyOf.EnumerateArray().First(s => !s.TryGetProperty("type", out JsonElement t) || t.GetString() != "null"), value, path);
        }
    }
}

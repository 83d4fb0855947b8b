using System.Text.Json;
using SupplyGate.Core.Tests.Interop;

namespace SupplyGate.Core.Tests.Documentation;

/// <summary>The policy reference (docs/policy.md) covers the schema (policies/policy.schema.json): every key is documented.</summary>
[Trait("Category", "integration")]
public sealed class PolicyDocumentationTests
{
    [Fact]
    public void EverySchemaProperty_IsDocumentedInDocsPolicy()
    {
        string root = CycloneDxSchemaValidator.FindRepositoryRoot();
        string doc = File.ReadAllText(Path.Combine(root, "docs", "policy.md"));
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, "policies", "policy.schema.json")));
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        Collect(schema.RootElement, keys);

        Assert.True(keys.Count > 20, $"the schema walk found only {keys.Count} keys");
        string[] missing = keys.Where(k => !doc.Contains($"`{k}`", StringComparison.Ordinal) && !doc.Contains($"{k}:", StringComparison.Ordinal)).ToArray();
        Assert.True(missing.Length == 0, "undocumented policy keys: " + string.Join(", ", missing));
    }

    private static void Collect(JsonElement node, SortedSet<string> keys)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in node.EnumerateArray())
            {
                Collect(item, keys);
            }

            return;
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (JsonProperty member in node.EnumerateObject())
        {
            if (member.Name == "properties" && member.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in member.Value.EnumerateObject())
                {
                    keys.Add(property.Name);
                }
            }

            Collect(member.Value, keys);
        }
    }
}

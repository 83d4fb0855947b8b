using System.Security.Cryptography;
using System.Text.Json;

namespace SupplyGate.Core.Policy;

/// <summary>
/// Reads a preset's node tree, generated from policies/&lt;name&gt;.yaml while SupplyGate.Core is built
/// (build/PolicyPresetGen) and embedded beside the YAML: <c>{"sha256": hex of the YAML bytes, "root": node}</c>, a
/// node being <c>{"l": line, "c": column}</c> plus <c>"s"</c> (text) and <c>"p"</c> (plain) for a scalar, <c>"q"</c>
/// (items) for a sequence or <c>"m"</c> (key, value, key, value …) for a mapping.
/// </summary>
internal static class PolicyPresetTree
{
    /// <exception cref="InvalidOperationException">The tree was not generated from <paramref name="yaml"/>.</exception>
    public static PolicyNode Read(ReadOnlySpan<byte> tree, ReadOnlySpan<byte> yaml, string name)
    {
        using JsonDocument document = JsonDocument.Parse(tree.ToArray());
        JsonElement top = document.RootElement;
        // Both come from the same build; a mismatch means a stale or hand-edited resource, which must not pass as the preset.
        if (top.GetProperty("sha256").GetString() != Convert.ToHexStringLower(SHA256.HashData(yaml)))
        {
            throw new InvalidOperationException($"The embedded tree of preset '{name}' was not generated from its YAML; rebuild SupplyGate.Core.");
        }

        return Node(top.GetProperty("root"));
    }

    private static PolicyNode Node(JsonElement element)
    {
        long line = element.GetProperty("l").GetInt64();
        long column = element.GetProperty("c").GetInt64();
        if (element.TryGetProperty("s", out JsonElement text))
        {
            return new PolicyNode { Kind = PolicyNodeKind.Scalar, Line = line, Column = column, Value = text.GetString(), Plain = element.GetProperty("p").GetBoolean() };
        }

        if (element.TryGetProperty("q", out JsonElement items))
        {
            return new PolicyNode { Kind = PolicyNodeKind.Sequence, Line = line, Column = column, Items = [.. items.EnumerateArray().Select(Node)] };
        }

        JsonElement[] flat = [.. element.GetProperty("m").EnumerateArray()];
        var entries = new KeyValuePair<PolicyNode, PolicyNode>[flat.Length / 2];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = new(Node(flat[2 * i]), Node(flat[(2 * i) + 1]));
        }

        return new PolicyNode { Kind = PolicyNodeKind.Mapping, Line = line, Column = column, Entries = entries };
    }
}

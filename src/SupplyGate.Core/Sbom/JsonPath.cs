using System.Globalization;
using System.Text;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// Where a reader is inside a JSON document (<c>$.components[3].name</c>), so an error can name the member
/// and <see cref="JsonSourceLocator"/> can find its line.
/// </summary>
internal sealed class JsonPath
{
    public static readonly JsonPath Root = new(null, null, -1);

    private readonly JsonPath? _parent;

    private JsonPath(JsonPath? parent, string? name, int index)
    {
        _parent = parent;
        Name = name;
        Index = index;
    }

    /// <summary>The property name of this step, or null for an array index or the root.</summary>
    public string? Name { get; }

    /// <summary>The array index of this step, or -1.</summary>
    public int Index { get; }

    public JsonPath Property(string name) => new(this, name, -1);

    public JsonPath Item(int index) => new(this, null, index);

    /// <summary>The steps from the root (excluded) down to this one.</summary>
    public IReadOnlyList<JsonPath> Steps()
    {
        var steps = new List<JsonPath>();
        for (JsonPath? p = this; p?._parent is not null; p = p._parent)
        {
            steps.Add(p);
        }

        steps.Reverse();
        return steps;
    }

    public override string ToString()
    {
        var text = new StringBuilder("$");
        foreach (JsonPath step in Steps())
        {
            _ = step.Name is null
                ? text.Append('[').Append(step.Index.ToString(CultureInfo.InvariantCulture)).Append(']')
                : text.Append('.').Append(step.Name);
        }

        return text.ToString();
    }
}

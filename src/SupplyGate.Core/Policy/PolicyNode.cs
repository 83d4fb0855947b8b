namespace SupplyGate.Core.Policy;

internal enum PolicyNodeKind
{
    Scalar,
    Sequence,
    Mapping,
}

/// <summary>
/// One node of a policy document as the parser needs it: its kind, its position (1-based, for messages that name
/// line and column) and, for scalars, the text and whether it was written plain (unquoted; <c>true</c> is a boolean,
/// <c>"true"</c> a string). Built from YAML (<see cref="PolicyYamlTree"/>) for a policy file and from the tree
/// generated at build time (<see cref="PolicyPresetTree"/>) for a preset, so presets load without a YAML parser.
/// </summary>
internal sealed class PolicyNode
{
    public required PolicyNodeKind Kind { get; init; }

    public required long Line { get; init; }

    public required long Column { get; init; }

    /// <summary>A scalar's text; null otherwise.</summary>
    public string? Value { get; init; }

    /// <summary>A scalar written without quotes or block style.</summary>
    public bool Plain { get; init; }

    /// <summary>A sequence's items.</summary>
    public IReadOnlyList<PolicyNode> Items { get; init; } = [];

    /// <summary>A mapping's entries in document order.</summary>
    public IReadOnlyList<KeyValuePair<PolicyNode, PolicyNode>> Entries { get; init; } = [];
}

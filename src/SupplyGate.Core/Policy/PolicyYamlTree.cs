using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SupplyGate.Core.Policy;

/// <summary>
/// Reads a policy file's YAML into <see cref="PolicyNode"/>s. The only place the policy parser touches YamlDotNet:
/// a preset never calls it, so a publish with a preset does not load that assembly.
/// </summary>
internal static class PolicyYamlTree
{
    public static PolicyNode Load(byte[] content, PolicyYamlReader reader)
    {
        var stream = new YamlStream();
        using var text = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var parser = new Parser(text);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            // YamlDotNet's messages repeat the position as "(Line: 3, Col: 5, Idx: …) - (…): "; keep the text after it.
            string what = ex.Message.Contains("): ", StringComparison.Ordinal) ? ex.Message[(ex.Message.LastIndexOf("): ", StringComparison.Ordinal) + 3)..] : ex.Message;
            throw reader.Error(ex.Start.Line, ex.Start.Column, $"YAML syntax error: {what}", null);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // The representation model throws these (not YamlException) for event sequences it cannot build a
            // node from, e.g. " : s" or ": [\ns"; the parser's current event says where it stopped.
            Mark at = parser.Current?.Start ?? new Mark();
            throw reader.Error(at.Line, at.Column, "YAML syntax error: the document is not a well-formed YAML node tree", null);
        }

        var empty = new Mark();
        return stream.Documents.Count switch
        {
            0 => throw reader.Error(empty.Line, empty.Column, "the document is empty", "apiVersion, kind, metadata and spec"),
            1 => Convert(stream.Documents[0].RootNode),
            _ => throw reader.Error(stream.Documents[1].RootNode.Start.Line, stream.Documents[1].RootNode.Start.Column, "more than one YAML document", "a single policy document"),
        };
    }

    private static PolicyNode Convert(YamlNode node) => node switch
    {
        YamlScalarNode scalar => new PolicyNode
        {
            Kind = PolicyNodeKind.Scalar,
            Line = node.Start.Line,
            Column = node.Start.Column,
            Value = scalar.Value,
            Plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any,
        },
        YamlSequenceNode sequence => new PolicyNode
        {
            Kind = PolicyNodeKind.Sequence,
            Line = node.Start.Line,
            Column = node.Start.Column,
            Items = [.. sequence.Children.Select(Convert)],
        },
        YamlMappingNode mapping => new PolicyNode
        {
            Kind = PolicyNodeKind.Mapping,
            Line = node.Start.Line,
            Column = node.Start.Column,
            Entries = [.. mapping.Children.Select(e => new KeyValuePair<PolicyNode, PolicyNode>(Convert(e.Key), Convert(e.Value)))],
        },
        // Aliases are resolved by the representation model; anything else is not part of a policy.
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.GetType().Name} at line {node.Start.Line}."),
    };
}

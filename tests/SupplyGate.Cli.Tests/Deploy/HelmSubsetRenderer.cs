using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SupplyGate.Cli.Tests.Deploy;

/// <summary>
/// Renders the chart's templates without helm (no helm binary here), for the subset of Go template and Sprig
/// the chart uses: <c>.Values.*</c>, <c>.Release.Name/Namespace</c>, <c>$.Template.BasePath</c>, string
/// literals, <c>if … end</c>, whitespace trimming, raw strings, and the functions <c>quote</c>, <c>toYaml</c>,
/// <c>nindent</c>, <c>append</c>, <c>print</c>, <c>include</c> and <c>sha256sum</c>
/// (https://helm.sh/docs/chart_template_guide/). Anything else throws, so a template that grows beyond the subset
/// fails the test instead of rendering wrongly.
/// </summary>
public sealed partial class HelmSubsetRenderer(string chartDirectory, YamlMappingNode values, string releaseName, string releaseNamespace)
{
    public static HelmSubsetRenderer ForChart(string chartDirectory, string releaseName, string releaseNamespace, Action<YamlMappingNode>? overrideValues = null)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(chartDirectory, "values.yaml")))
        {
            stream.Load(reader);
        }

        var values = (YamlMappingNode)stream.Documents[0].RootNode;
        overrideValues?.Invoke(values);
        return new HelmSubsetRenderer(chartDirectory, values, releaseName, releaseNamespace);
    }

    /// <summary>Every template, in name order, joined as one multi-document YAML stream.</summary>
    public string RenderAll() => string.Join(
        "\n---\n",
        Directory.GetFiles(Path.Combine(chartDirectory, "templates"), "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => Render("templates/" + Path.GetFileName(f)))
            .Where(t => !string.IsNullOrWhiteSpace(t)));

    public string Render(string template)
    {
        string text = File.ReadAllText(Path.Combine(chartDirectory, template));
        var output = new StringBuilder();
        var skipping = new Stack<bool>();
        int at = 0;
        bool trimNext = false;
        foreach (Match action in Action().Matches(text))
        {
            string literal = text[at..action.Index];
            if (trimNext)
            {
                literal = literal.TrimStart();
            }

            if (action.Groups["ltrim"].Success)
            {
                literal = literal.TrimEnd();
            }

            bool active = !skipping.Contains(true);
            if (active)
            {
                output.Append(literal);
            }

            string body = action.Groups["body"].Value.Trim();
            if (body.StartsWith("if ", StringComparison.Ordinal))
            {
                skipping.Push(!active || !Truthy(Evaluate(body[3..].Trim())));
            }
            else if (body == "end")
            {
                Assert.True(skipping.Count > 0, $"{template}: 'end' without 'if'");
                skipping.Pop();
            }
            else if (active)
            {
                output.Append(Text(Evaluate(body)));
            }

            trimNext = action.Groups["rtrim"].Success;
            at = action.Index + action.Length;
        }

        Assert.True(skipping.Count == 0, $"{template}: 'if' without 'end'");
        string rest = text[at..];
        output.Append(trimNext ? rest.TrimStart() : rest);
        return output.ToString();
    }

    private object? Evaluate(string expression)
    {
        if (expression.Length > 1 && expression[0] == '`' && expression[^1] == '`')
        {
            return expression[1..^1];
        }

        string[] stages = Split(expression, '|');
        object? value = Call(Split(stages[0], ' '));
        foreach (string stage in stages.Skip(1))
        {
            string[] parts = Split(stage, ' ');
            value = parts[0] switch
            {
                "quote" => Quote(Text(value)),
                "sha256sum" => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(value)))),
                "nindent" => "\n" + Indent(Text(value), int.Parse(parts[1], CultureInfo.InvariantCulture)),
                _ => throw new InvalidOperationException($"pipeline function '{parts[0]}' is outside the renderer's subset"),
            };
        }

        return value;
    }

    private object? Call(string[] words) => words[0] switch
    {
        "toYaml" => ToYaml(Operand(words[1]) as YamlNode ?? throw new InvalidOperationException($"toYaml of a non-value: {words[1]}"), 0).TrimEnd('\n'),
        "append" => new YamlSequenceNode(((YamlSequenceNode)Operand(words[1])!).Children.Append(new YamlScalarNode(Text(Operand(words[2]))))),
        "print" => string.Concat(words.Skip(1).Select(w => Text(Operand(w)))),
        "include" => Render(Text(Operand(words[1]))),
        _ when words.Length == 1 => Operand(words[0]),
        _ => throw new InvalidOperationException($"function '{words[0]}' is outside the renderer's subset"),
    };

    private object? Operand(string word)
    {
        if (word.StartsWith('(') && word.EndsWith(')'))
        {
            return Evaluate(word[1..^1].Trim());
        }

        if (word.StartsWith('"'))
        {
            using JsonDocument literal = JsonDocument.Parse(word);
            return literal.RootElement.GetString();
        }

        return word switch
        {
            "." => this,
            ".Release.Name" => releaseName,
            ".Release.Namespace" => releaseNamespace,
            "$.Template.BasePath" => "templates",
            _ when word.StartsWith(".Values.", StringComparison.Ordinal) => Lookup(word[".Values.".Length..]),
            _ => throw new InvalidOperationException($"operand '{word}' is outside the renderer's subset"),
        };
    }

    private YamlNode Lookup(string path)
    {
        YamlNode node = values;
        foreach (string key in path.Split('.'))
        {
            Assert.True(
                node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out node!),
                $".Values.{path}: '{key}' is not in values.yaml");
        }

        return node;
    }

    private static bool Truthy(object? value) => value switch
    {
        YamlScalarNode s => s.Value is not (null or "" or "false" or "0" or "null"),
        YamlMappingNode m => m.Children.Count > 0,
        YamlSequenceNode q => q.Children.Count > 0,
        string s => s.Length > 0,
        _ => value is not null,
    };

    private static string Text(object? value) => value switch
    {
        YamlScalarNode s => s.Value ?? string.Empty,
        string s => s,
        null => string.Empty,
        _ => throw new InvalidOperationException($"cannot print a {value.GetType().Name}"),
    };

    /// <summary>Block-style YAML of a values node; plain scalars stay plain, the others are double-quoted.</summary>
    private static string ToYaml(YamlNode node, int indent)
    {
        string pad = new(' ', indent);
        var text = new StringBuilder();
        switch (node)
        {
            case YamlMappingNode map:
                foreach ((YamlNode key, YamlNode child) in map.Children)
                {
                    text.Append(pad).Append(Scalar((YamlScalarNode)key)).Append(':');
                    text.Append(child is YamlScalarNode s ? " " + Scalar(s) + "\n" : "\n" + ToYaml(child, indent + 2));
                }

                break;
            case YamlSequenceNode sequence:
                foreach (YamlNode child in sequence.Children)
                {
                    text.Append(child is YamlScalarNode s
                        ? pad + "- " + Scalar(s) + "\n"
                        : pad + "- " + ToYaml(child, indent + 2).TrimStart());
                }

                break;
            case YamlScalarNode scalar:
                text.Append(pad).Append(Scalar(scalar)).Append('\n');
                break;
        }

        return text.ToString();
    }

    private static string Scalar(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && scalar.Value is { Length: > 0 } value && !value.Contains('\n')
            ? scalar.Value
            : Quote(scalar.Value ?? string.Empty);

    private static string Quote(string text) => "\"" + JsonEncodedText.Encode(text).Value + "\"";

    private static string Indent(string text, int width)
    {
        string pad = new(' ', width);
        return string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : pad + line));
    }

    /// <summary>Splits on a separator outside parentheses, quotes and raw strings; drops empty parts.</summary>
    private static string[] Split(string text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        int depth = 0;
        char quote = '\0';
        foreach (char c in text)
        {
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '`')
            {
                quote = c;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (c == separator && depth == 0)
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        parts.Add(current.ToString().Trim());
        return parts.Where(p => p.Length > 0).ToArray();
    }

    [GeneratedRegex(@"\{\{(?<ltrim>-)?\s*(?<body>`[^`]*`|.*?)\s*(?<rtrim>-)?\}\}", RegexOptions.Singleline)]
    private static partial Regex Action();
}

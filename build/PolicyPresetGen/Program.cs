using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

// Usage: PolicyPresetGen <output directory> <preset.yaml>…
// Writes <output directory>/<name>.json per preset: the SHA-256 of the YAML bytes and the document's node tree with
// each node's position and, for scalars, whether it was written plain (unquoted). SupplyGate.Core reads the tree
// with PolicyPresetTree; the policy parser then sees exactly what it sees when it reads the YAML.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: PolicyPresetGen <output directory> <preset.yaml>...");
    return 2;
}

Directory.CreateDirectory(args[0]);
foreach (string input in args[1..])
{
    byte[] content = File.ReadAllBytes(input);
    var stream = new YamlStream();
    using (var text = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
    {
        stream.Load(text);
    }

    if (stream.Documents.Count != 1)
    {
        Console.Error.WriteLine($"{input}: expected one YAML document, found {stream.Documents.Count}");
        return 1;
    }

    using var buffer = new MemoryStream();
    using (var writer = new Utf8JsonWriter(buffer))
    {
        writer.WriteStartObject();
        writer.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));
        writer.WritePropertyName("root");
        Write(writer, stream.Documents[0].RootNode);
        writer.WriteEndObject();
    }

    string output = Path.Combine(args[0], Path.GetFileNameWithoutExtension(input) + ".json");
    // Rewritten only when it changes, so an unchanged preset does not make the Core build recompile.
    if (!File.Exists(output) || !File.ReadAllBytes(output).AsSpan().SequenceEqual(buffer.ToArray()))
    {
        File.WriteAllBytes(output, buffer.ToArray());
    }
}

return 0;

static void Write(Utf8JsonWriter writer, YamlNode node)
{
    writer.WriteStartObject();
    writer.WriteNumber("l", node.Start.Line);
    writer.WriteNumber("c", node.Start.Column);
    switch (node)
    {
        case YamlScalarNode scalar:
            writer.WriteString("s", scalar.Value);
            writer.WriteBoolean("p", scalar.Style is ScalarStyle.Plain or ScalarStyle.Any);
            break;
        case YamlSequenceNode sequence:
            writer.WriteStartArray("q");
            foreach (YamlNode item in sequence.Children)
            {
                Write(writer, item);
            }

            writer.WriteEndArray();
            break;
        case YamlMappingNode mapping:
            writer.WriteStartArray("m");
            foreach ((YamlNode key, YamlNode value) in mapping.Children)
            {
                Write(writer, key);
                Write(writer, value);
            }

            writer.WriteEndArray();
            break;
        default:
            throw new InvalidOperationException($"Line {node.Start.Line}: aliases and other node kinds are not used in presets.");
    }

    writer.WriteEndObject();
}

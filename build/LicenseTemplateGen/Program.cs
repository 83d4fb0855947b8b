using System.Text;
using SupplyGate.Core.Inventory.Licenses;

// Usage: LicenseTemplateGen <output file> <directory of the SPDX texts>
// Builds the match template of every bundled license (SpdxLicenseDefinitions, in match order) from <id>.txt and
// writes them in SpdxTemplateCodec's form; SupplyGate.Core embeds the file and SpdxLicenseCatalog reads it.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: LicenseTemplateGen <output file> <directory of the SPDX texts>");
    return 2;
}

var templates = new List<SpdxLicenseTemplate>();
foreach ((string id, string[] variables, bool anyAppendix) in SpdxLicenseDefinitions.Licenses)
{
    string path = Path.Combine(args[1], id + ".txt");
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"{path}: the text of {id} is missing");
        return 1;
    }

    templates.Add(SpdxLicenseTemplate.Create(id, File.ReadAllText(path, Encoding.UTF8), variables, anyAppendix));
}

var text = new StringWriter { NewLine = "\n" };
SpdxTemplateCodec.Write(text, templates);
byte[] content = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());

// Rewritten only when it changes, so an unchanged text does not make the Core build recompile.
string output = args[0];
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
if (!File.Exists(output) || !File.ReadAllBytes(output).AsSpan().SequenceEqual(content))
{
    File.WriteAllBytes(output, content);
}

return 0;

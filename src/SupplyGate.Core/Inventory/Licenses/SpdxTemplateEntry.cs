namespace SupplyGate.Core.Inventory.Licenses;

/// <summary>One generated template: what its index line says, and the template itself, parsed on first use.</summary>
internal sealed class SpdxTemplateEntry(string id, int minWords, int maxWords, Func<SpdxLicenseTemplate> parse)
{
    private readonly Lazy<SpdxLicenseTemplate> _template = new(parse);

    public string Id { get; } = id;

    public int MinWords { get; } = minWords;

    public int MaxWords { get; } = maxWords;

    public SpdxLicenseTemplate Template => _template.Value;

    /// <summary>Whether <see cref="Template"/> was parsed.</summary>
    public bool IsParsed => _template.IsValueCreated;

    /// <summary>Whether a text of <paramref name="wordCount"/> words can be this license's (cheaper than parsing the template).</summary>
    public bool CanMatch(int wordCount) => wordCount >= MinWords && wordCount <= MaxWords;
}

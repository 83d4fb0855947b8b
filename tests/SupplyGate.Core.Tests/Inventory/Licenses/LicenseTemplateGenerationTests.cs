using SupplyGate.Core.Inventory.Licenses;

namespace SupplyGate.Core.Tests.Inventory.Licenses;

/// <summary>
/// The match templates are generated when SupplyGate.Core is built (build/LicenseTemplateGen) and embedded: the
/// embedded form must be exactly what building the templates from the bundled texts at run time gives, its word
/// bounds must be the ones matching obeys, and a process must parse only the templates a text's length can match.
/// </summary>
[Trait("Category", "unit")]
public sealed class LicenseTemplateGenerationTests
{
    [Fact]
    public void The_embedded_templates_are_byte_for_byte_those_built_from_the_bundled_texts()
    {
        List<SpdxLicenseTemplate> built = [.. SpdxLicenseDefinitions.Licenses.Select(l => SpdxLicenseTemplate.Create(l.Id, BundledText(l.Id), l.Variables, l.AnyAppendix))];
        var written = new StringWriter { NewLine = "\n" };
        SpdxTemplateCodec.Write(written, built);

        Assert.Equal(written.ToString(), SpdxLicenseCatalog.GeneratedText());
    }

    [Fact]
    public void Every_generated_template_equals_the_one_built_at_run_time()
    {
        IReadOnlyList<SpdxLicenseTemplate> generated = SpdxLicenseCatalog.Templates;
        Assert.Equal(SpdxLicenseDefinitions.Licenses.Length, generated.Count);
        for (int i = 0; i < generated.Count; i++)
        {
            (string id, string[] variables, bool anyAppendix) = SpdxLicenseDefinitions.Licenses[i];
            SpdxLicenseTemplate built = SpdxLicenseTemplate.Create(id, BundledText(id), variables, anyAppendix);
            SpdxLicenseTemplate read = generated[i];
            Assert.Equal(built.Id, read.Id);
            Assert.Equal(built.Pattern, read.Pattern);
            Assert.Equal(built.OptionalFrom, read.OptionalFrom);
            Assert.Equal(built.AnyAppendix, read.AnyAppendix);
            Assert.True(built.TitleWords.SetEquals(read.TitleWords), $"{id}: title words differ");
            Assert.Equal(built.MinWords, read.MinWords);
            Assert.Equal(built.MaxWords, read.MaxWords);
        }
    }

    [Fact]
    public void The_word_bounds_are_exactly_what_matching_accepts()
    {
        // Fixed words "alpha", "beta", "gamma" and one placeholder: 3 words at least; a 12-word title, the three and
        // 12 words in the placeholder at most.
        SpdxLicenseTemplate template = SpdxLicenseTemplate.Create("X-1.0", "X License\n\nalpha <name> beta gamma\n", []);
        Assert.Equal(3, template.MinWords);
        Assert.Equal(SpdxLicenseTemplate.MaxTitleWords + 3 + SpdxLicenseTemplate.MaxPlaceholderWords, template.MaxWords);

        string[] title = [.. Enumerable.Repeat("license", SpdxLicenseTemplate.MaxTitleWords)];
        string[] holder = [.. Enumerable.Range(0, SpdxLicenseTemplate.MaxPlaceholderWords).Select(i => $"name{i}")];
        Assert.True(template.Matches(["alpha", "beta", "gamma"]));
        List<string> longest = [.. title, "alpha", .. holder, "beta", "gamma"];
        Assert.Equal(template.MaxWords, longest.Count);
        Assert.True(template.Matches(longest));
        Assert.False(template.Matches([.. title, "alpha", .. holder, "name12", "beta", "gamma"]));
        Assert.False(template.Matches(["license", .. longest]));
    }

    [Fact]
    public void A_license_with_an_appendix_has_no_upper_bound()
    {
        SpdxLicenseTemplate template = SpdxLicenseTemplate.Create("Y-1.0", "Y License\nalpha beta\nEND OF TERMS AND CONDITIONS\nhow to apply\n", [], anyAppendix: true);

        Assert.Equal(7, template.MinWords);
        Assert.Equal(int.MaxValue, template.MaxWords);
        Assert.True(template.Matches(["alpha", "beta", "end", "of", "terms", "and", "conditions", .. Enumerable.Repeat("appendix", 5000)]));
        Assert.False(template.Matches(["alpha", "beta", "end", "of", "terms", "and"]));
    }

    [Fact]
    public void Identifying_an_MIT_file_parses_no_template_whose_length_cannot_match()
    {
        SpdxTemplateEntry[] entries = SpdxTemplateCodec.Read(SpdxLicenseCatalog.GeneratedText());
        string mit = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "licenses", "newtonsoft.json-13.0.3-LICENSE.md"));
        int words = LicenseTokens.Words(mit).Count;

        Assert.Equal("MIT", SpdxLicenseCatalog.Identify(entries, mit));
        Assert.Equal(["MIT"], entries.Where(e => e.IsParsed).Select(e => e.Id));

        Assert.Null(SpdxLicenseCatalog.Identify(entries, mit + "\nExtra terms apply."));
        string[] parsed = [.. entries.Where(e => e.IsParsed).Select(e => e.Id)];
        Assert.Equal(entries.Where(e => e.Id == "MIT" || e.CanMatch(words + 3)).Select(e => e.Id), parsed);
        Assert.DoesNotContain("GPL-3.0-only", parsed);
        Assert.DoesNotContain("Apache-2.0", parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sg-license-templates-0\n")]
    [InlineData("sg-license-templates-1\nMIT\t0\t3\n")]
    [InlineData("sg-license-templates-1\nMIT\t2\t1\t1\t13\tmit\talpha\n")]
    [InlineData("sg-license-templates-1\nMIT\t0\tx\t1\t13\tmit\talpha\n")]
    public void A_resource_of_another_format_is_refused(string text)
    {
        Assert.Throws<InvalidOperationException>(() => SpdxTemplateCodec.Read(text).Select(e => e.Template).ToList());
    }

    [Fact]
    public void Bounds_that_disagree_with_the_words_are_refused_when_the_template_is_parsed()
    {
        SpdxTemplateEntry entry = Assert.Single(SpdxTemplateCodec.Read("sg-license-templates-1\nX\t0\t2\t2\t99\tx\talpha beta\n"));

        Assert.Throws<InvalidOperationException>(() => entry.Template);
    }

    [Fact]
    public void A_word_the_format_cannot_carry_is_refused_when_writing()
    {
        SpdxLicenseTemplate template = SpdxLicenseTemplate.FromParts("Z", ["alpha", "be ta"], 2, anyAppendix: false, []);

        Assert.Throws<InvalidOperationException>(() => SpdxTemplateCodec.Write(new StringWriter(), [template]));
    }

    private static string BundledText(string id)
    {
        using Stream stream = typeof(SpdxLicenseCatalog).Assembly.GetManifestResourceStream(SpdxLicenseDefinitions.TextResourcePrefix + id + ".txt")!;
        return new StreamReader(stream).ReadToEnd();
    }
}

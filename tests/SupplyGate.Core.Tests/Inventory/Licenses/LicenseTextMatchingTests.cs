using SupplyGate.Core.Inventory.Licenses;

namespace SupplyGate.Core.Tests.Inventory.Licenses;

/// <summary>
/// SPDX license-text matching over real license files (Fixtures/licenses) and edits of them: the real texts are
/// identified, anything edited outside a placeholder is not.
/// </summary>
[Trait("Category", "unit")]
public sealed class LicenseTextMatchingTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "licenses", name));

    [Theory]
    [InlineData("newtonsoft.json-13.0.3-LICENSE.md", "MIT")]
    [InlineData("system.text.json-8.0.0-LICENSE.TXT", "MIT")]
    [InlineData("debian-common-licenses-Apache-2.0", "Apache-2.0")]
    [InlineData("debian-common-licenses-BSD", "BSD-3-Clause")]
    [InlineData("debian-common-licenses-GPL-2", "GPL-2.0-only")]
    [InlineData("debian-common-licenses-GPL-3", "GPL-3.0-only")]
    [InlineData("debian-common-licenses-LGPL-2.1", "LGPL-2.1-only")]
    [InlineData("debian-common-licenses-MPL-2.0", "MPL-2.0")]
    [InlineData("debian-common-licenses-CC0-1.0", "CC0-1.0")]
    public void Real_license_files_are_identified(string file, string id)
    {
        Assert.Equal(id, SpdxLicenseCatalog.Identify(Fixture(file)));
    }

    [Theory]
    [InlineData("microsoft.data.sqlclient.sni.runtime-2.1.1-LICENSE.txt")]
    [InlineData("sourcegear.sqlite3-3.50.4.5-LICENSE.txt")]
    [InlineData("bouncycastle.cryptography-2.7.0-LICENSE.md")]
    public void Real_files_that_are_not_an_SPDX_text_word_for_word_are_not_identified(string file)
    {
        Assert.Null(SpdxLicenseCatalog.Identify(Fixture(file)));
    }

    [Fact]
    public void Every_bundled_text_identifies_itself_and_only_itself()
    {
        Assert.Equal(22, SpdxLicenseCatalog.Templates.Count);
        foreach (SpdxLicenseTemplate template in SpdxLicenseCatalog.Templates)
        {
            string text = BundledText(template.Id);
            List<string> words = LicenseTokens.Words(text);
            Assert.True(template.Matches(words), $"{template.Id} does not match its own text");
            Assert.Equal([template.Id], SpdxLicenseCatalog.Templates.Where(t => t.Matches(words)).Select(t => t.Id));
        }
    }

    [Theory]
    [InlineData("Copyright (c) 2024 Contoso Ltd.")]
    [InlineData("Copyright 2015-2025 Jane Doe <jane@example.com>\nAll rights reserved.")]
    [InlineData("© 2019 The Fabrikam Authors")]
    [InlineData("Copyright (C) Microsoft Corporation. All rights reserved.\nPortions Copyright (c) 2001 Someone Else")]
    public void MIT_with_other_copyright_lines_titles_wrapping_and_line_ends_is_MIT(string copyright)
    {
        string body = Fixture("newtonsoft.json-13.0.3-LICENSE.md").Replace("Copyright (c) 2007 James Newton-King", copyright, StringComparison.Ordinal);
        Assert.Equal("MIT", SpdxLicenseCatalog.Identify(body));

        // Rewrapped to one paragraph per line, CRLF, a Markdown heading, curly quotes.
        string rewrapped = "# MIT License\r\n\r\n" + string.Join("\r\n\r\n", body.ReplaceLineEndings("\n").Split("\n\n").Skip(1).Select(p => p.Replace('\n', ' ')));
        rewrapped = rewrapped.Replace("\"Software\"", "\u201cSoftware\u201d", StringComparison.Ordinal);
        Assert.Equal("MIT", SpdxLicenseCatalog.Identify(rewrapped));
    }

    [Theory]
    [InlineData("subject to the following conditions:", "subject to the following conditions: the Software shall not be used for commercial purposes.")]
    [InlineData("copy, modify, merge, publish, distribute, sublicense, and/or sell", "copy, modify, merge, publish, distribute, and/or sell")]
    [InlineData("WITHOUT WARRANTY OF ANY KIND", "WITH WARRANTY OF ANY KIND")]
    [InlineData("THE SOFTWARE IS PROVIDED \"AS IS\"", "Non-commercial use only.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\"")]
    [InlineData("Permission is hereby granted, free of charge,", "Permission is hereby granted, for a fee of 100 USD,")]
    public void An_edited_MIT_text_is_not_MIT(string original, string edited)
    {
        string mit = Fixture("newtonsoft.json-13.0.3-LICENSE.md").ReplaceLineEndings(" ");
        Assert.Contains(original, mit, StringComparison.Ordinal);

        Assert.Null(SpdxLicenseCatalog.Identify(mit.Replace(original, edited, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_title_that_is_not_a_license_title_is_not_skipped()
    {
        string mit = Fixture("newtonsoft.json-13.0.3-LICENSE.md").Replace("The MIT License (MIT)", "Commercial use requires a paid subscription", StringComparison.Ordinal);

        Assert.Null(SpdxLicenseCatalog.Identify(mit));
    }

    [Fact]
    public void BSD_with_an_advertising_clause_is_not_BSD_3_Clause_and_Apache_cut_short_is_not_Apache()
    {
        string bsd = Fixture("debian-common-licenses-BSD").Replace(
            "3. Neither the name",
            "3. All advertising materials mentioning features or use of this software must display the following acknowledgement.\n4. Neither the name",
            StringComparison.Ordinal);
        Assert.Null(SpdxLicenseCatalog.Identify(bsd));

        string apache = Fixture("debian-common-licenses-Apache-2.0");
        int section9 = apache.IndexOf("9. Accepting Warranty", StringComparison.Ordinal);
        Assert.True(section9 > 0);
        Assert.Null(SpdxLicenseCatalog.Identify(apache[..section9]));
    }

    [Fact]
    public void Apache_without_its_appendix_is_Apache_but_an_appendix_with_extra_terms_is_not()
    {
        string apache = Fixture("debian-common-licenses-Apache-2.0");
        int end = apache.IndexOf("END OF TERMS AND CONDITIONS", StringComparison.Ordinal);
        Assert.Equal("Apache-2.0", SpdxLicenseCatalog.Identify(apache[..(end + "END OF TERMS AND CONDITIONS".Length)]));

        Assert.Null(SpdxLicenseCatalog.Identify(apache + "\nADDITIONAL TERMS: this software may not be used by government agencies.\n"));
    }

    [Fact]
    public void Empty_and_whitespace_texts_are_not_identified()
    {
        Assert.Null(SpdxLicenseCatalog.Identify(string.Empty));
        Assert.Null(SpdxLicenseCatalog.Identify(" \n\t\n"));
        Assert.Null(SpdxLicenseCatalog.Identify("MIT License"));
    }

    private static string BundledText(string id)
    {
        using Stream stream = typeof(SpdxLicenseCatalog).Assembly.GetManifestResourceStream("SupplyGate.Core.Licenses." + id + ".txt")!;
        return new StreamReader(stream).ReadToEnd();
    }
}

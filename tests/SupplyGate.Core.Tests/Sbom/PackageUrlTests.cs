using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Sbom;

/// <summary>Vectors from docs/architecture.md spec 2 (purl-spec@16f3d0e3 tests/types) and §0.10.</summary>
[Trait("Category", "unit")]
public sealed class PackageUrlTests
{
    [Theory]
    [InlineData("pkg:nuget/EnterpriseLibrary.Common@6.0.1304", "pkg:nuget/EnterpriseLibrary.Common@6.0.1304")]
    [InlineData("pkg:Nuget/EnterpriseLibrary.Common@6.0.1304", "pkg:nuget/EnterpriseLibrary.Common@6.0.1304")]
    [InlineData("pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie", "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie")]
    [InlineData("pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64", "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64")]
    [InlineData("pkg:deb/Debian/Curl@7.50.3-1?distro=jessie&arch=i386", "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie")]
    [InlineData("pkg:apk/alpine/curl@7.83.0-r0?arch=x86", "pkg:apk/alpine/curl@7.83.0-r0?arch=x86")]
    [InlineData("pkg:apk/Alpine/Curl@7.83.0-r0?arch=x86", "pkg:apk/alpine/curl@7.83.0-r0?arch=x86")]
    [InlineData("pkg:rpm/fedora/centerim@4.22.10-1.el6?arch=i686&distro=fedora-25&epoch=1", "pkg:rpm/fedora/centerim@4.22.10-1.el6?arch=i686&distro=fedora-25&epoch=1")]
    [InlineData("pkg:rpm/Fedora/CenterIM@4.22.10-1.el6?epoch=1&arch=i686&distro=fedora-25", "pkg:rpm/fedora/CenterIM@4.22.10-1.el6?arch=i686&distro=fedora-25&epoch=1")]
    [InlineData(
        "pkg:oci/debian@sha256:244fd47e07d10?arch=amd64&repository_url=docker.io%2Flibrary%2Fdebian&tag=latest",
        "pkg:oci/debian@sha256:244fd47e07d10?arch=amd64&repository_url=docker.io%2Flibrary%2Fdebian&tag=latest")]
    [InlineData(
        "pkg:oci/debian@sha256%3A244fd47e07d10?repository_url=docker.io/library/debian",
        "pkg:oci/debian@sha256:244fd47e07d10?repository_url=docker.io%2Flibrary%2Fdebian")]
    [InlineData("pkg:oci/Debian@sha256%3a244fd47e07d10", "pkg:oci/debian@sha256:244fd47e07d10")]
    [InlineData(
        "pkg:generic/openssl@1.1.10g?checksum=sha256:de4d501267da&download_url=https:%2F%2Fopenssl.org%2Fsource%2Fopenssl-1.1.0g.tar.gz",
        "pkg:generic/openssl@1.1.10g?checksum=sha256:de4d501267da&download_url=https:%2F%2Fopenssl.org%2Fsource%2Fopenssl-1.1.0g.tar.gz")]
    [InlineData(
        "pkg:generic/openssl@1.1.10g?download_url=https://openssl.org/source/openssl-1.1.0g.tar.gz&checksum=sha256:de4d501267da",
        "pkg:generic/openssl@1.1.10g?checksum=sha256:de4d501267da&download_url=https:%2F%2Fopenssl.org%2Fsource%2Fopenssl-1.1.0g.tar.gz")]
    [InlineData("pkg://nuget/Newtonsoft.Json@12.0.1", "pkg:nuget/Newtonsoft.Json@12.0.1")]
    [InlineData("pkg:generic/name@1.0?empty=&a=b", "pkg:generic/name@1.0?a=b")]
    [InlineData("pkg:generic/ns/name@1.0#/sub/./../path/", "pkg:generic/ns/name@1.0#sub/path")]
    [InlineData("pkg:generic/a%20b@1%2B2", "pkg:generic/a%20b@1%2B2")]
    [InlineData("pkg:npm/%40angular/core@16.0.0", "pkg:npm/%40angular/core@16.0.0")]
    public void Parse_gives_the_canonical_form(string input, string canonical)
    {
        PackageUrl purl = PackageUrl.Parse(input);

        Assert.Equal(canonical, purl.ToString());
        Assert.Equal(purl, PackageUrl.Parse(purl.ToString())); // round-trip is stable
        Assert.Equal(canonical, PackageUrl.Parse(canonical).ToString());
    }

    [Fact]
    public void Parse_decodes_the_parts()
    {
        PackageUrl purl = PackageUrl.Parse("pkg:oci/debian@sha256%3A244fd47e07d10?repository_url=docker.io/library/debian&tag=latest");

        Assert.Equal("oci", purl.Type);
        Assert.Null(purl.Namespace);
        Assert.Equal("debian", purl.Name);
        Assert.Equal("sha256:244fd47e07d10", purl.Version);
        Assert.Equal(["repository_url", "tag"], purl.Qualifiers.Keys);
        Assert.Equal("docker.io/library/debian", purl.Qualifiers["repository_url"]);

        PackageUrl deb = PackageUrl.Parse("pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64");
        Assert.Equal("debian", deb.Namespace);
        Assert.Equal("1:2.4.47-2+b1", deb.Version);
    }

    [Fact]
    public void Qualifiers_are_sorted_regardless_of_input_order()
    {
        var purl = new PackageUrl("deb", "debian", "bash", "5.2.15-2", [new("distro", "debian-12"), new("arch", "amd64")]);

        Assert.Equal("pkg:deb/debian/bash@5.2.15-2?arch=amd64&distro=debian-12", purl.ToString());
        Assert.Equal(["arch", "distro"], purl.Qualifiers.Keys);
    }

    [Fact]
    public void NuGet_preserves_case_and_encodes_build_metadata()
    {
        Assert.Equal("pkg:nuget/Newtonsoft.Json@12.0.1", PackageUrl.NuGet("Newtonsoft.Json", "12.0.1").ToString());
        Assert.Equal("pkg:nuget/Foo@1.0.0-beta.1%2Bsha.abc", PackageUrl.NuGet("Foo", "1.0.0-beta.1+sha.abc").ToString());
    }

    [Fact]
    public void Encoding_never_encodes_colon_but_encodes_reserved_characters()
    {
        var purl = new PackageUrl("generic", "my ns", "a@b/c".Replace("/", "-", StringComparison.Ordinal), "1:2+3 4");

        Assert.Equal("pkg:generic/my%20ns/a%40b-c@1:2%2B3%204", purl.ToString());
        Assert.Equal(purl, PackageUrl.Parse(purl.ToString()));
    }

    [Fact]
    public void Equality_is_by_canonical_form()
    {
        Assert.Equal(PackageUrl.Parse("pkg:deb/Debian/curl@1?b=2&a=1"), PackageUrl.Parse("pkg:deb/debian/curl@1?a=1&b=2"));
        Assert.Equal(
            PackageUrl.Parse("pkg:deb/debian/curl@1?a=1").GetHashCode(),
            PackageUrl.Parse("pkg:deb/Debian/curl@1?a=1").GetHashCode());
        Assert.NotEqual(PackageUrl.Parse("pkg:nuget/A@1"), PackageUrl.Parse("pkg:nuget/A@2"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("nuget/Newtonsoft.Json@12.0.1")]
    [InlineData("http://nuget/Newtonsoft.Json")]
    [InlineData("pkg:nuget")]
    [InlineData("pkg:nuget/")]
    [InlineData("pkg:/name@1")]
    [InlineData("pkg:1nuget/name@1")]
    [InlineData("pkg:nu get/name@1")]
    [InlineData("pkg:rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25")]
    [InlineData("pkg:generic/name@1?a=1&a=2")]
    [InlineData("pkg:generic/name@1?=value")]
    [InlineData("pkg:generic/name@1?novalue")]
    [InlineData("pkg:generic/na%2Fme@1")]
    [InlineData("pkg:generic/name@1%ZZ")]
    [InlineData("pkg:generic/name@1%2")]
    [InlineData("pkg:oci/library/debian@sha256:abc")]
    [InlineData("pkg:nuget/ns/Name@1.0")]
    public void Invalid_inputs_are_rejected(string input)
    {
        Assert.False(PackageUrl.TryParse(input, out PackageUrl? purl));
        Assert.Null(purl);
        Assert.Throws<FormatException>(() => PackageUrl.Parse(input));
    }

    [Fact]
    public void TryParse_null_is_false_and_constructor_validates()
    {
        Assert.False(PackageUrl.TryParse(null, out _));
        Assert.True(PackageUrl.TryParse("pkg:nuget/A@1", out PackageUrl? ok));
        Assert.Equal("A", ok.Name);
        Assert.Throws<ArgumentException>(() => new PackageUrl("generic", null, ""));
        Assert.Throws<ArgumentException>(() => new PackageUrl("generic", null, "n", "1", [new("Bad", "x")]));
        Assert.Throws<ArgumentException>(() => new PackageUrl("oci", "ns", "n"));
    }
}

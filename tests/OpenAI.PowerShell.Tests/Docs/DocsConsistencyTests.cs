using System.Reflection;
using System.Text.RegularExpressions;
using OpenAI.PowerShell.Commands;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Tests.Docs;

/// <summary>
/// The PlatyPS help in docs/en-US must match the cmdlets compiled into the module: a file per
/// cmdlet, a section per parameter (inherited ones and WhatIf/Confirm included) whose YAML
/// agrees with the binding metadata, a syntax block per parameter set, and real examples.
/// PlatyPS cannot run here, so these checks stand in for New-ExternalHelp's schema check too.
/// </summary>
public sealed class DocsConsistencyTests
{
    private static readonly string[] SectionOrder =
        { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

    private static readonly Assembly ModuleAssembly = typeof(NewOAIUploadCommand).Assembly;
    private static readonly Lazy<IReadOnlyList<DocCmdlet>> Cmdlets = new(() => DocCmdlet.All(ModuleAssembly));
    private static readonly Lazy<string> RepoRoot = new(FindRepoRoot);

    private static string DocsDir => Path.Combine(RepoRoot.Value, "docs", "en-US");

    public static TheoryData<string> CmdletNames()
    {
        var data = new TheoryData<string>();
        foreach (var cmdlet in Cmdlets.Value)
        {
            data.Add(cmdlet.Name);
        }
        return data;
    }

    [Fact]
    public void The_assembly_scan_finds_the_uploads_and_context_cmdlets()
    {
        var names = Cmdlets.Value.Select(c => c.Name).ToList();
        Assert.Superset(new HashSet<string> { "New-OAIUpload", "Add-OAIUploadPart", "Complete-OAIUpload", "Stop-OAIUpload", "Set-OAIContext", "Get-OAIContext" }, names.ToHashSet());
        var stop = Cmdlets.Value.Single(c => c.Name == "Stop-OAIUpload");
        Assert.Contains(stop.Parameters, p => p.Name == "ApiKey"); // inherited from OpenAIApiCmdlet
        Assert.Contains(stop.Parameters, p => p.Name == "WhatIf");
    }

    [Fact]
    public void Every_cmdlet_has_a_doc_file()
    {
        var missing = Cmdlets.Value.Where(c => !File.Exists(DocPath(c.Name))).Select(c => $"docs/en-US/{c.Name}.md").ToList();
        Assert.True(missing.Count == 0, "Cmdlets without a PlatyPS doc: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_cmdlet_doc_belongs_to_a_cmdlet()
    {
        var names = Cmdlets.Value.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var stale = Directory.GetFiles(DocsDir, "*-*.md").Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Where(n => !n.StartsWith("about_", StringComparison.OrdinalIgnoreCase) && !names.Contains(n)).ToList();
        Assert.True(stale.Count == 0, "Docs for cmdlets the module does not have: " + string.Join(", ", stale));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_parameter_has_a_heading(string name)
    {
        var (cmdlet, doc) = Load(name);
        var headings = ParameterHeadings(doc).Select(h => h.Text).ToList();
        var missing = cmdlet.Parameters.Where(p => !headings.Contains("-" + p.Name)).Select(p => "-" + p.Name).ToList();
        Assert.True(missing.Count == 0, $"{name}.md has no '### -Name' section for: {string.Join(", ", missing)}");
        Assert.Contains("CommonParameters", headings);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_parameter_heading_names_a_real_parameter_once(string name)
    {
        var (cmdlet, doc) = Load(name);
        var known = cmdlet.Parameters.Select(p => "-" + p.Name).Append("CommonParameters").ToHashSet(StringComparer.Ordinal);
        var headings = ParameterHeadings(doc).Select(h => h.Text).ToList();
        var unknown = headings.Where(h => !known.Contains(h)).ToList();
        Assert.True(unknown.Count == 0, $"{name}.md documents parameters the cmdlet does not have: {string.Join(", ", unknown)}");
        Assert.Empty(headings.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Parameter_yaml_matches_the_binding_metadata(string name)
    {
        var (cmdlet, doc) = Load(name);
        var problems = new List<string>();
        foreach (var parameter in cmdlet.Parameters)
        {
            var heading = ParameterHeadings(doc).FirstOrDefault(h => h.Text == "-" + parameter.Name);
            if (heading is null)
            {
                continue; // reported by Every_parameter_has_a_heading
            }
            var blocks = doc.CodeBlocksUnder(heading).Where(b => b.Info == "yaml").Select(b => PlatyPSDoc.ParseYaml(b.Body)).ToList();
            if (blocks.Count == 0)
            {
                problems.Add($"-{parameter.Name}: no ```yaml block");
                continue;
            }
            var covered = new List<string>();
            foreach (var yaml in blocks)
            {
                string Get(string key) => yaml.TryGetValue(key, out var v) ? v : "<missing>";
                var sets = Get("Parameter Sets");
                var listed = sets == "(All)" ? new List<string> { ParameterBinding.AllSets } : sets.Split(',').Select(s => s.Trim()).ToList();
                covered.AddRange(listed);
                if (ShortTypeName(Get("Type")) != parameter.TypeName)
                {
                    problems.Add($"-{parameter.Name}: Type '{Get("Type")}', expected {parameter.TypeName}");
                }
                var aliases = Get("Aliases").Split(',').Select(a => a.Trim()).Where(a => a.Length > 0).OrderBy(a => a, StringComparer.Ordinal);
                if (!aliases.SequenceEqual(parameter.Aliases.OrderBy(a => a, StringComparer.Ordinal)))
                {
                    problems.Add($"-{parameter.Name}: Aliases '{Get("Aliases")}', expected '{string.Join(", ", parameter.Aliases)}'");
                }
                if (Get("Accept wildcard characters") != (parameter.Wildcards ? "True" : "False"))
                {
                    problems.Add($"-{parameter.Name}: Accept wildcard characters '{Get("Accept wildcard characters")}'");
                }
                if (!yaml.ContainsKey("Default value"))
                {
                    problems.Add($"-{parameter.Name}: no Default value line");
                }
                foreach (var set in listed)
                {
                    var binding = set == ParameterBinding.AllSets ? parameter.Bindings.FirstOrDefault(b => b.SetName == set) : parameter.BindingFor(set);
                    if (binding is null)
                    {
                        problems.Add($"-{parameter.Name}: listed in set '{set}', where it does not exist");
                        continue;
                    }
                    if (Get("Required") != (binding.Mandatory ? "True" : "False"))
                    {
                        problems.Add($"-{parameter.Name} [{set}]: Required '{Get("Required")}', expected {binding.Mandatory}");
                    }
                    if (Get("Position") != binding.PositionText)
                    {
                        problems.Add($"-{parameter.Name} [{set}]: Position '{Get("Position")}', expected {binding.PositionText}");
                    }
                    if (!SamePipelineText(Get("Accept pipeline input"), binding.PipelineText))
                    {
                        problems.Add($"-{parameter.Name} [{set}]: Accept pipeline input '{Get("Accept pipeline input")}', expected '{binding.PipelineText}'");
                    }
                }
            }
            var expectedSets = parameter.InAllSets ? new[] { ParameterBinding.AllSets } : parameter.Bindings.Select(b => b.SetName).ToArray();
            if (!covered.OrderBy(s => s, StringComparer.Ordinal).SequenceEqual(expectedSets.OrderBy(s => s, StringComparer.Ordinal)))
            {
                problems.Add($"-{parameter.Name}: Parameter Sets cover '{string.Join(", ", covered)}', expected '{string.Join(", ", expectedSets)}' ('(All)' for all sets)");
            }
        }
        Assert.True(problems.Count == 0, $"{name}.md:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Syntax_has_one_block_per_parameter_set_with_exactly_its_parameters(string name)
    {
        var (cmdlet, doc) = Load(name);
        var syntax = doc.Section("SYNTAX");
        Assert.NotNull(syntax);
        var blocks = doc.SubHeadings(syntax!, 3);
        var problems = new List<string>();
        var documented = blocks.Select(b => b.Text.Replace(" (Default)", "")).ToList();
        if (!documented.OrderBy(s => s).SequenceEqual(cmdlet.ParameterSets.OrderBy(s => s)))
        {
            problems.Add($"syntax blocks '{string.Join(", ", documented)}', parameter sets '{string.Join(", ", cmdlet.ParameterSets)}'");
        }
        if (cmdlet.ParameterSets.Count > 1 && cmdlet.DefaultParameterSetName is { } defaultSet && !blocks.Any(b => b.Text == defaultSet + " (Default)"))
        {
            problems.Add($"the default set '{defaultSet}' is not marked '(Default)'");
        }
        foreach (var block in blocks)
        {
            var set = block.Text.Replace(" (Default)", "");
            var code = doc.CodeBlocksUnder(block).FirstOrDefault()?.Body;
            if (code is null || !code.StartsWith(name + " ", StringComparison.Ordinal) || !code.TrimEnd().EndsWith("[<CommonParameters>]", StringComparison.Ordinal))
            {
                problems.Add($"[{set}] needs a code block '{name} ... [<CommonParameters>]'");
                continue;
            }
            var expected = cmdlet.ParametersIn(set).ToList();
            var mentioned = Regex.Matches(code, @"(?<![\w<])-([A-Za-z][A-Za-z0-9]*)").Select(m => m.Groups[1].Value).ToList();
            var wrong = mentioned.Except(expected.Select(p => p.Name)).Concat(expected.Select(p => p.Name).Except(mentioned)).ToList();
            if (wrong.Count > 0)
            {
                problems.Add($"[{set}] lists the wrong parameters: {string.Join(", ", wrong)}");
            }
            foreach (var parameter in expected.Where(p => mentioned.Contains(p.Name)))
            {
                var form = SyntaxForm(parameter, parameter.BindingFor(set)!);
                if (!Regex.IsMatch(code, form))
                {
                    problems.Add($"[{set}] -{parameter.Name} is not written as {form}");
                }
            }
        }
        Assert.True(problems.Count == 0, $"{name}.md SYNTAX:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Doc_has_at_least_two_real_examples(string name)
    {
        var (_, doc) = Load(name);
        var examples = doc.SubHeadings(doc.Section("EXAMPLES") ?? throw new Xunit.Sdk.XunitException($"{name}.md has no ## EXAMPLES"), 3);
        Assert.True(examples.Count >= 2, $"{name}.md has {examples.Count} example(s); at least 2 are required.");
        foreach (var example in examples)
        {
            Assert.Matches(@"^Example \d+: \S", example.Text);
            var code = doc.CodeBlocksUnder(example).FirstOrDefault(b => b.Info == "powershell");
            Assert.True(code is not null && code.Body.Contains(name, StringComparison.Ordinal),
                $"{name}.md '{example.Text}' needs a ```powershell block that runs {name}.");
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Doc_follows_the_PlatyPS_schema(string name)
    {
        var (_, doc) = Load(name);
        Assert.Empty(doc.Problems);
        Assert.Equal("OpenAI.PowerShell.dll-Help.xml", doc.FrontMatter.GetValueOrDefault("external help file"));
        Assert.Equal("OpenAI.PowerShell", doc.FrontMatter.GetValueOrDefault("Module Name"));
        Assert.Equal("2.0.0", doc.FrontMatter.GetValueOrDefault("schema"));
        Assert.StartsWith("https://", doc.FrontMatter.GetValueOrDefault("online version") ?? "");
        Assert.Equal(new DocHeading(1, name, doc.Headings[0].Line), doc.Headings[0]);
        Assert.Equal(SectionOrder, doc.Headings.Where(h => h.Level == 2).Select(h => h.Text));
        Assert.Empty(doc.Headings.Where(h => h.Level == 1).Skip(1));
        Assert.NotEmpty(doc.SubHeadings(doc.Section("INPUTS")!, 3));
        Assert.NotEmpty(doc.SubHeadings(doc.Section("OUTPUTS")!, 3));
        var synopsis = doc.Section("SYNOPSIS")!;
        Assert.Contains(doc.Lines.Skip(synopsis.Line + 1).Take(doc.EndOf(synopsis) - synopsis.Line - 1), l => l.Trim().Length > 0);
    }

    [Fact]
    public void Related_links_and_cmdlet_names_in_the_docs_exist()
    {
        var names = Cmdlets.Value.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(DocsDir, "*.md"))
        {
            var text = File.ReadAllText(file);
            foreach (Match link in Regex.Matches(text, @"\]\(([^)#:]+\.md)\)"))
            {
                if (!File.Exists(Path.Combine(DocsDir, link.Groups[1].Value)))
                {
                    problems.Add($"{Path.GetFileName(file)}: link to missing {link.Groups[1].Value}");
                }
            }
            foreach (Match cmdlet in Regex.Matches(text, @"\b[A-Z][a-z]+-OAI[A-Za-z]+\b"))
            {
                if (!names.Contains(cmdlet.Value))
                {
                    problems.Add($"{Path.GetFileName(file)}: mentions {cmdlet.Value}, which the module does not have");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void About_topic_exists_and_is_recognised_by_PlatyPS()
    {
        var path = Path.Combine(DocsDir, "about_OpenAI.PowerShell.md");
        Assert.True(File.Exists(path), "docs/en-US/about_OpenAI.PowerShell.md is missing.");
        var doc = PlatyPSDoc.Load(path);
        // New-ExternalHelp treats a file as an about topic when its second heading starts with "about".
        Assert.Equal("about_OpenAI.PowerShell", doc.Headings[0].Text);
        Assert.Equal(new[] { 1, 2 }, doc.Headings.Take(2).Select(h => h.Level));
        Assert.Equal("about_OpenAI.PowerShell", doc.Headings[1].Text);
        Assert.Contains(doc.Headings, h => h.Level == 1 && h.Text == "SHORT DESCRIPTION");
        Assert.Contains(doc.Headings, h => h.Level == 1 && h.Text == "LONG DESCRIPTION");
        foreach (var variable in new[] { "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "insufficient_quota", "x-should-retry", "-AllowUnencryptedAuthentication" })
        {
            Assert.Contains(variable, doc.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_about_topic_names_exactly_the_ErrorIds_in_the_table()
    {
        var known = ErrorTable.All.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var text = File.ReadAllText(Path.Combine(DocsDir, "about_OpenAI.PowerShell.md"));
        var named = Regex.Matches(text, @"\bOpenAI\.[A-Z][A-Za-z0-9]+\b").Select(m => m.Value)
            .Where(v => v is not "OpenAI.PowerShell" and not "OpenAI.Emulator").ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(known);
        var unknown = named.Where(n => !known.Contains(n)).ToList();
        Assert.True(unknown.Count == 0, "about_OpenAI.PowerShell.md names ErrorIds that do not exist: " + string.Join(", ", unknown));
        // Scripts match on these ids, so each one the module can emit is listed for them.
        var unlisted = known.Where(id => !named.Contains(id)).OrderBy(id => id, StringComparer.Ordinal).ToList();
        Assert.True(unlisted.Count == 0, "about_OpenAI.PowerShell.md does not list: " + string.Join(", ", unlisted));
    }

    /// <summary>The regex a parameter must match in a syntax block, from its type, Mandatory and Position.</summary>
    private static string SyntaxForm(DocParameter parameter, ParameterBinding binding)
    {
        var name = Regex.Escape("-" + parameter.Name);
        var value = parameter.IsSwitch ? "" : " <" + Regex.Escape(parameter.TypeName) + ">";
        var positional = binding.Position != int.MinValue;
        return (binding.Mandatory, positional, parameter.IsSwitch) switch
        {
            (true, true, _) => $@"(?<!\[)\[{name}\]{value}",
            (true, false, _) => $@"(?<!\[){name}{value}",
            (false, true, _) => $@"\[\[{name}\]{value}\]",
            (false, false, true) => $@"\[{name}\]",
            (false, false, false) => $@"\[{name}{value}\]",
        };
    }

    /// <summary>"True (ByPropertyName, ByValue)" and "True (ByValue, ByPropertyName)" mean the same.</summary>
    private static bool SamePipelineText(string documented, string expected)
    {
        static string Normalize(string text)
        {
            var match = Regex.Match(text.Trim(), @"^True \(([^)]*)\)$");
            return match.Success
                ? "True:" + string.Join(",", match.Groups[1].Value.Split(',').Select(p => p.Trim()).OrderBy(p => p, StringComparer.Ordinal))
                : text.Trim();
        }
        return Normalize(documented) == Normalize(expected);
    }

    private static string ShortTypeName(string documented) => documented.Split('.').Last().Trim();

    private static IReadOnlyList<DocHeading> ParameterHeadings(PlatyPSDoc doc) =>
        doc.Section("PARAMETERS") is { } section ? doc.SubHeadings(section, 3) : Array.Empty<DocHeading>();

    private static (DocCmdlet Cmdlet, PlatyPSDoc Doc) Load(string name)
    {
        var cmdlet = Cmdlets.Value.Single(c => c.Name == name);
        var path = DocPath(name);
        Assert.True(File.Exists(path), $"docs/en-US/{name}.md is missing.");
        return (cmdlet, PlatyPSDoc.Load(path));
    }

    private static string DocPath(string name) => Path.Combine(DocsDir, name + ".md");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenAI.PowerShell.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"OpenAI.PowerShell.sln not found above {AppContext.BaseDirectory}.");
    }
}

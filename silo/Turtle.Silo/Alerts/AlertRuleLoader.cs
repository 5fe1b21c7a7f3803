using Microsoft.Extensions.Options;
using Turtle.Twin.Alerts;

namespace Turtle.Silo.Alerts;

/// <summary>
/// Loads the rules in force at start-up: the YAML file of <c>Turtle:Alerts:RulesPath</c> and the inline
/// <c>Turtle:Alerts:Rules</c>, which together replace the defaults; neither given means the defaults. Every problem
/// stops start-up with a message naming the file, the rule and the field (the validator reports them).
/// </summary>
internal sealed class AlertRuleLoader : IPostConfigureOptions<AlertOptions>, IValidateOptions<AlertOptions>
{
    public void PostConfigure(string? name, AlertOptions options)
    {
        if (Load(options, []) is { } rules)
        {
            options.UseRules(rules);
        }
    }

    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var errors = new List<string>();
        if (options.ResolvedHistory is < 0 or > 1000)
        {
            errors.Add($"{AlertOptions.SectionName}:ResolvedHistory is {options.ResolvedHistory}; it must be between 0 and 1000.");
        }

        if (options.Enabled)
        {
            Load(options, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The configured rules, or the defaults when none are configured; null (with <paramref name="errors"/>) when any is wrong.</summary>
    internal static IReadOnlyList<AlertRule>? Load(AlertOptions options, List<string> errors)
    {
        var definitions = new List<(AlertRuleDefinition, string)>();
        if (!string.IsNullOrWhiteSpace(options.RulesPath))
        {
            var path = Path.GetFullPath(options.RulesPath);
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{AlertOptions.SectionName}:RulesPath: the alert rules file {path} cannot be read: {exception.Message}");
                return null;
            }

            if (AlertRulesYaml.Parse(text, path, errors) is not { } fromFile)
            {
                return null;
            }

            definitions.AddRange(fromFile);
        }

        definitions.AddRange(options.Rules.Select((rule, i) => (rule, $"{AlertOptions.SectionName}:Rules:{i}")));
        return string.IsNullOrWhiteSpace(options.RulesPath) && options.Rules.Count == 0
            ? AlertRule.Defaults
            : AlertRuleDefinition.CompileAll(definitions, errors);
    }
}

using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;

namespace GuestAccess.Server.Web.Shell;

/// <summary>
/// Form fields in Det Fælles Designsystem's markup, the same way on every page: a label tied to
/// the input, an optional hint, and in error the group marked <c>form-error</c>, the message
/// above the input and the input <c>aria-invalid</c> and described by hint and message.
/// </summary>
public static class Fields
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => Encoder.Encode(text ?? string.Empty);

    /// <summary>An input (text, email, number, date, time, search …).</summary>
    public static IHtmlContent Input(FormErrors errors, string id, string label, string? value, string type = "text", string? hint = null, string? autocomplete = null, string extra = "", string inputClass = "")
    {
        var attributes = $"type=\"{type}\" id=\"{id}\" name=\"{id}\" class=\"form-input{(inputClass.Length > 0 ? " " + inputClass : string.Empty)}\"{Value(value)}{(autocomplete is null ? string.Empty : $" autocomplete=\"{autocomplete}\"")}";
        return Group(errors, id, label, hint, $"<input {attributes}{Described(errors, id, hint)}{(extra.Length > 0 ? " " + extra : string.Empty)}>");
    }

    /// <summary>A multi-line text.</summary>
    public static IHtmlContent TextArea(FormErrors errors, string id, string label, string? value, string? hint = null, int rows = 3, string extra = "") =>
        Group(errors, id, label, hint, $"<textarea id=\"{id}\" name=\"{id}\" class=\"form-input\" rows=\"{rows}\"{Described(errors, id, hint)}{(extra.Length > 0 ? " " + extra : string.Empty)}>{Encode(value)}</textarea>");

    /// <summary>A drop-down list of (value, text) options.</summary>
    public static IHtmlContent Select(FormErrors errors, string id, string label, IEnumerable<(string Value, string Text)> options, string? selected, string? hint = null, string extra = "")
    {
        var items = string.Concat(options.Select(o => $"<option value=\"{Encode(o.Value)}\"{(o.Value == selected ? " selected" : string.Empty)}>{Encode(o.Text)}</option>"));
        return Group(errors, id, label, hint, $"<select id=\"{id}\" name=\"{id}\" class=\"form-select\"{Described(errors, id, hint)}{(extra.Length > 0 ? " " + extra : string.Empty)}>{items}</select>");
    }

    /// <summary>A single checkbox with its label.</summary>
    public static IHtmlContent Checkbox(string id, string label, bool isChecked, string value = "true", string? name = null) => new HtmlString($"""
        <div class="form-group-checkbox"><input type="checkbox" id="{id}" name="{Encode(name ?? id)}" value="{Encode(value)}" class="form-checkbox"{(isChecked ? " checked" : string.Empty)}><label for="{id}">{Encode(label)}</label></div>
        """);

    /// <summary>
    /// The error summary at the top of a form (DKFDS error summary: focused on load by DKFDS's script;
    /// role="alert" announces it without script), each item linking to its field.
    /// </summary>
    public static IHtmlContent Summary(FormErrors errors, WebText l)
    {
        if (!errors.Any)
        {
            return HtmlString.Empty;
        }

        var items = string.Concat(errors.All.Select(e => e.Field.Length > 0
            ? $"<li><a href=\"#{e.Field}\" class=\"function-link\">{Encode(e.Message)}</a></li>"
            : $"<li>{Encode(e.Message)}</li>"));
        return new HtmlString($"""
            <div class="alert alert-error error-summary" role="alert" aria-labelledby="error-summary-title" data-module="error-summary" tabindex="-1">
              <div class="alert-body">
                <h2 class="alert-heading" id="error-summary-title">{Encode(l.T("Der er et problem", "There is a problem"))}</h2>
                <ul class="alert-text nobullet-list">{items}</ul>
              </div>
            </div>
            """);
    }

    private static HtmlString Group(FormErrors errors, string id, string label, string? hint, string control)
    {
        var error = errors.For(id);
        var hintHtml = hint is null ? string.Empty : $"<span class=\"form-hint\" id=\"{id}-hint\">{Encode(hint)}</span>";
        var errorHtml = error is null ? string.Empty : $"<span class=\"form-error-message\" id=\"{id}-error\">{Encode(error)}</span>";
        return new HtmlString($"""
            <div class="form-group{(error is null ? string.Empty : " form-error")}">
              <label class="form-label" for="{id}">{Encode(label)}</label>
              {hintHtml}{errorHtml}{control}
            </div>
            """);
    }

    private static string Value(string? value) => value is null ? string.Empty : $" value=\"{Encode(value)}\"";

    private static string Described(FormErrors errors, string id, string? hint)
    {
        var ids = new List<string>();
        if (hint is not null)
        {
            ids.Add($"{id}-hint");
        }

        var invalid = errors.For(id) is not null;
        if (invalid)
        {
            ids.Add($"{id}-error");
        }

        return (ids.Count > 0 ? $" aria-describedby=\"{string.Join(' ', ids)}\"" : string.Empty) + (invalid ? " aria-invalid=\"true\"" : string.Empty);
    }
}

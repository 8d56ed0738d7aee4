using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace GuestAccess.Web.Tests.Support;

/// <summary>
/// One test's browser context (fresh cookies and storage) with axe-core injected into every
/// document it opens, and every console error or uncaught page error (e.g. a Content Security
/// Policy violation) collected so the test fails on it.
/// </summary>
public sealed class Browsing : IAsyncDisposable
{
    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js")));

    private readonly List<string> _consoleErrors = [];
    private readonly IBrowserContext _context;

    private Browsing(IBrowserContext context, IPage page, WebApp app)
    {
        _context = context;
        Page = page;
        App = app;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_consoleErrors)
                {
                    _consoleErrors.Add($"{message.Location}: {message.Text}");
                }
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (_consoleErrors)
                {
                    _consoleErrors.Add($"HTTP {response.Status} for {response.Request.Method} {response.Url} (status of {response.Status})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_consoleErrors)
            {
                _consoleErrors.Add(error);
            }
        };
    }

    public IPage Page { get; }

    public WebApp App { get; }

    /// <summary>Error statuses the test provokes on purpose (the browser reports each failed response).</summary>
    public HashSet<int> ExpectedStatuses { get; } = [];

    public static async Task<Browsing> OpenAsync(BrowserFixture browser, WebApp app, bool javaScript = true, int width = 1280)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString().TrimEnd('/'),
            Locale = "da-DK",
            TimezoneId = "Europe/Copenhagen",
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        // An init script is injected by the browser itself, so the pages' CSP (script-src 'self') stays on.
        await context.AddInitScriptAsync(AxeSource.Value);
        var page = await context.NewPageAsync();
        return new Browsing(context, page, app);
    }

    /// <summary>Opens a path and returns the response's status.</summary>
    public async Task<int> GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        return response?.Status ?? 0;
    }

    /// <summary>Signs in through the real flow: the web UI sends the browser to the token service's sign-in page and back.</summary>
    public async Task SignInAsync(string email, string password = "Demo-2026!")
    {
        await GotoAsync("/signin?returnUrl=%2F");
        await Page.GetByLabel(new System.Text.RegularExpressions.Regex("^(E-mail|Email)$")).FillAsync(email);
        await Page.GetByLabel(new System.Text.RegularExpressions.Regex("^(Adgangskode|Password)$")).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log ind" }).Or(Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ClickAsync();
        await Page.WaitForURLAsync(App.BaseAddress.ToString().TrimEnd('/') + "/");
    }

    /// <summary>
    /// Runs axe-core on the current page for WCAG 2.0, 2.1 and 2.2 level A and AA, checks the
    /// page's <c>lang</c>, and fails listing every violation with the elements it found.
    /// </summary>
    public async Task AssertAccessibleAsync(string? expectedLanguage = null)
    {
        var lang = await Page.GetAttributeAsync("html", "lang");
        Assert.False(string.IsNullOrEmpty(lang), $"{Page.Url}: <html> has no lang attribute.");
        if (expectedLanguage is not null)
        {
            Assert.Equal(expectedLanguage, lang);
        }

        var result = await Page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] }); return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary) })); }");
        if (result.GetArrayLength() == 0)
        {
            return;
        }

        var report = new StringBuilder($"axe-core found WCAG A/AA violations on {Page.Url}:\n");
        foreach (var violation in result.EnumerateArray())
        {
            report.AppendLine($"- {violation.GetProperty("id").GetString()} ({violation.GetProperty("impact").GetString()}): {violation.GetProperty("help").GetString()}");
            foreach (var node in violation.GetProperty("nodes").EnumerateArray())
            {
                report.AppendLine($"    {node.GetString()}");
            }
        }

        Assert.Fail(report.ToString());
    }

    /// <summary>
    /// Presses Tab (only the keyboard) until the focused element's id or visible text matches,
    /// and returns what it found; fails after 80 presses.
    /// </summary>
    public async Task<string> TabToAsync(string idOrText)
    {
        for (var i = 0; i < 80; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            var focused = await Page.EvaluateAsync<string>(@"() => { const e = document.activeElement; return e ? (e.id || '') + '|' + (e.innerText || e.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ') : ''; }");
            var bar = focused.IndexOf('|', StringComparison.Ordinal);
            if (focused[..bar] == idOrText || focused[(bar + 1)..] == idOrText)
            {
                return focused;
            }
        }

        Assert.Fail($"Tab never reached '{idOrText}' on {Page.Url}.");
        return string.Empty;
    }

    /// <summary>Switches the language with the switch in the header and waits for the page to come back in it.</summary>
    public async Task SwitchLanguageAsync(string to)
    {
        await Page.Locator($"a.language-link[lang='{to}']").ClickAsync();
        await Assertions.Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", to);
    }

    /// <summary>A screenshot of the current page into GUESTACCESS_SCREENSHOTS (docs/screenshots when updating the docs); nothing otherwise.</summary>
    public async Task ScreenshotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("GUESTACCESS_SCREENSHOTS") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        string[] errors;
        lock (_consoleErrors)
        {
            errors = _consoleErrors.Where(e => !ExpectedStatuses.Any(status => e.Contains($"status of {status}", StringComparison.Ordinal))).ToArray();
        }

        Assert.True(errors.Length == 0, "The browser reported errors:\n" + string.Join("\n", errors));
    }
}

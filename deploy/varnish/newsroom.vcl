#
# Varnish 7 in front of the newsroom site (docs/decisions/0017-edge-cache.md, docs/deploying.md).
#
#   varnishd -f /path/to/deploy/varnish/newsroom.vcl -p vcl_path=<dir of your newsroom-site.vcl>:/path/to/deploy/varnish …
#
# Site-specific parts (backends, who may purge, the region headers) are in `newsroom-site.vcl`,
# included from the first directory of vcl_path that has it: the one beside this file is for a
# site on 127.0.0.1:3000 with the default REGION_HEADER; `npm start -- --cache varnish` writes its
# own (lib/cache/varnish-site-vcl.ts) and runs this file unchanged.
#
# What it does:
# - caches what the site says a shared cache may keep (s-maxage), tagged with the response's
#   `Surrogate-Key` (vmod xkey, from Debian's varnish-modules); a publish sends
#   `PURGE` with `xkey-purge: <keys>` (gone at once) and `xkey-softpurge: <keys>` (served stale
#   while the next request refreshes it), from the addresses in `newsroom_purgers` only;
# - never caches draft mode, the Studio or the API, and strips every other cookie from reader
#   requests (reader pages do not read cookies);
# - keeps one copy of an article per audience — everyone, or a region some legal notice names —
#   not one per country: the site answers which audience a country is (`/_edge/region-audience`,
#   cached per country and purged with the legal notices), the page is looked up under that
#   audience, and the site renders it for exactly that audience;
# - serves the last good copy for up to the site's `stale-if-error` (a day) when the site is down
#   or answers 5xx, and for `stale-while-revalidate` (60 s) while it refreshes a copy.
#
vcl 4.1;

import std;
import xkey;

include "newsroom-site.vcl";

sub vcl_recv {
    # Varnish's own: Host lower-cased (one copy for any spelling), 400 without one on HTTP/1.1.
    call vcl_req_host;
    if (req.restarts == 0) {
        # Ours to set: never taken from a client.
        unset req.http.X-Newsroom-Audience;
        unset req.http.X-Newsroom-Page;
        unset req.http.X-Newsroom-Stale;
    }
    call newsroom_choose_backend;

    if (req.method == "PURGE") {
        # Only the site's servers, directly: a PURGE relayed by a proxy in front (whose address
        # may be in the ACL) arrives with the reader's address before ours in X-Forwarded-For.
        if (client.ip !~ newsroom_purgers || req.http.X-Forwarded-For ~ ",") {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge && !req.http.xkey-softpurge) {
            return (synth(400, "Send xkey-purge and/or xkey-softpurge"));
        }
        set req.http.X-Purged = "0";
        set req.http.X-Soft-Purged = "0";
        if (req.http.xkey-purge) {
            set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        }
        if (req.http.xkey-softpurge) {
            set req.http.X-Soft-Purged = xkey.softpurge(req.http.xkey-softpurge);
        }
        return (synth(200, "Purged"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The Studio and the API (draft mode, the publish webhook) are never cached.
    if (req.url ~ "^/(api|studio)(/|\?|$)") {
        return (pass);
    }
    # Draft mode (Next's bypass cookie, our draft session): the editor's own render, never stored.
    if (req.http.Cookie ~ "(^|;\s*)(__prerender_bypass|__next_preview_data|newsroom-draft-session)=") {
        return (pass);
    }
    # No reader page reads a cookie: keeping them would only split the cache.
    unset req.http.Cookie;
    if (req.http.Authorization) {
        return (pass);
    }

    # An article or its lite page: first ask (from the cache) which audience this reader is.
    if (!req.http.X-Newsroom-Audience && req.url ~ "^/articles/[^/?#]+(/lite)?/?(\?.*)?$") {
        set req.http.X-Newsroom-Page = req.url;
        set req.url = "/_edge/region-audience";
    }

    # Stale copies: up to stale-while-revalidate while the site is up, all of their grace
    # (stale-if-error) when it is down or has just failed this request.
    if (!req.http.X-Newsroom-Stale && std.healthy(req.backend_hint)) {
        set req.grace = 60s;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # One copy per audience (everyone, or one region with notices), not per country.
    if (req.http.X-Newsroom-Audience) {
        hash_data(req.http.X-Newsroom-Audience);
    }
    return (lookup);
}

sub vcl_backend_fetch {
    if (bereq.http.X-Newsroom-Audience) {
        # The site renders exactly the audience this copy is stored under.
        call newsroom_region_for_audience;
    }
    unset bereq.http.X-Newsroom-Page;
}

sub vcl_backend_response {
    if (beresp.status >= 500) {
        # A refresh that failed keeps the stale copy; a miss that failed is tried once more
        # with every stale copy allowed (vcl_synth), and only then gets the site's error page.
        if (bereq.is_bgfetch || !bereq.http.X-Newsroom-Stale) {
            return (abandon);
        }
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1s"), beresp.grace);
    }
    if (bereq.http.X-Newsroom-Audience && beresp.http.Vary) {
        # Stored per audience already (vcl_hash): varying on the raw country would make one copy
        # per country. Readers still see the site's Vary (vcl_deliver).
        set beresp.http.X-Newsroom-Origin-Vary = beresp.http.Vary;
        call newsroom_vary_without_region;
    }
}

sub vcl_backend_error {
    if (bereq.is_bgfetch || !bereq.http.X-Newsroom-Stale) {
        return (abandon);
    }
    set beresp.status = 503;
    set beresp.ttl = 0s;
    set beresp.uncacheable = true;
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Cache-Control = "no-store";
    set beresp.http.Retry-After = "5";
    set beresp.body = {"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head>
<body><main><h1>This page is temporarily unavailable</h1><p>Please try again in a minute.</p></main></body></html>
"};
    return (deliver);
}

sub vcl_synth {
    # A fetch the backend failed (vcl_backend_response/error abandoned it): once more, allowing
    # every stale copy.
    if (resp.status == 503 && (req.method == "GET" || req.method == "HEAD") && !req.http.X-Newsroom-Stale && req.restarts < 3) {
        set req.http.X-Newsroom-Stale = "1";
        return (restart);
    }
    if (req.method == "PURGE" && resp.status == 200) {
        set resp.http.X-Purged = req.http.X-Purged;
        set resp.http.X-Soft-Purged = req.http.X-Soft-Purged;
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = "purged " + req.http.X-Purged + ", soft-purged " + req.http.X-Soft-Purged + {"
"};
        return (deliver);
    }
}

sub vcl_deliver {
    if (req.http.X-Newsroom-Page && !req.http.X-Newsroom-Audience) {
        # The answer about the reader's audience: now the page itself, under that audience.
        if (resp.status == 200 && resp.http.X-Newsroom-Audience ~ "^(everyone|[A-Z]{2})$") {
            set req.http.X-Newsroom-Audience = resp.http.X-Newsroom-Audience;
            set req.url = req.http.X-Newsroom-Page;
            return (restart);
        }
        # The site could not say: its error, never another audience's page.
    }
    if (resp.http.X-Newsroom-Origin-Vary) {
        set resp.http.Vary = resp.http.X-Newsroom-Origin-Vary;
        unset resp.http.X-Newsroom-Origin-Vary;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    # The keys are for this cache only.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}

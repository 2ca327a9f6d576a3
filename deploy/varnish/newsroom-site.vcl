# The site-specific part of deploy/varnish/newsroom.vcl (lib/cache/varnish-site-vcl.ts writes it).
import directors;

probe newsroom_site_up {
    .url = "/robots.txt";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend site_1 {
    .host = "127.0.0.1";
    .port = "3000";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .probe = newsroom_site_up;
}

sub vcl_init {
    new newsroom_site = directors.round_robin();
    newsroom_site.add_backend(site_1);
}

sub newsroom_choose_backend {
    set req.backend_hint = newsroom_site.backend();
}

# Who may send PURGE (the site's servers).
acl newsroom_purgers {
    "127.0.0.1";
    "::1";
}

# The region headers (REGION_HEADER), set for the audience a copy is stored under: none for
# everyone, the region's code for a region's readers.
sub newsroom_region_for_audience {
    unset bereq.http.x-vercel-ip-country;
    unset bereq.http.cf-ipcountry;
    if (bereq.http.X-Newsroom-Audience != "everyone") {
        set bereq.http.x-vercel-ip-country = bereq.http.X-Newsroom-Audience;
    }
}

# The site's Vary without the region headers (the audience is in the hash instead).
sub newsroom_vary_without_region {
    set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*(x-vercel-ip-country|cf-ipcountry)\s*(?=,|$)", "");
    set beresp.http.Vary = regsub(beresp.http.Vary, "^\s*,\s*", "");
    if (beresp.http.Vary == "") {
        unset beresp.http.Vary;
    }
}

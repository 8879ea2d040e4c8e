/* target.c - refuse load targets off this machine unless told otherwise */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "target.h"

int target_host_is_loopback(const char *host)
{
	char buf[INET6_ADDRSTRLEN + 2];
	unsigned char a4[4], a6[16];
	size_t n = strlen(host);
	static const unsigned char v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char one[16] = { [15] = 1 };

	if (strcasecmp(host, "localhost") == 0 || strcasecmp(host, "localhost.") == 0)
		return 1;
	/* Only strict dotted quads: inet_pton refuses "127.1" and "0x7f.0.0.1",
	 * which some resolvers would still take for loopback: refusing them is
	 * the safe side. */
	if (inet_pton(AF_INET, host, a4) == 1)
		return a4[0] == 127;
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		if (n - 2 >= sizeof(buf))
			return 0;
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		host = buf;
	}
	if (strchr(host, '%'))
		return 0; /* zone ids: not loopback */
	if (inet_pton(AF_INET6, host, a6) == 1)
		return memcmp(a6, one, 16) == 0 ||
		       (memcmp(a6, v4mapped, 12) == 0 && a6[12] == 127);
	return 0;
}

int target_check(const char *url, int allow_remote, char *err, size_t errlen)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	CURLUcode rc;
	int ret = -1;

	if (!u) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	rc = curl_url_set(u, CURLUPART_URL, url, 0);
	if (rc != CURLUE_OK) {
		snprintf(err, errlen, _("'%s' is not a URL (%s); expected e.g. http://127.0.0.1:8080/leak"),
			 url, curl_url_strerror(rc));
		goto out;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0)) {
		snprintf(err, errlen, _("'%s': only http and https URLs can be driven"), url);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host[0]) {
		snprintf(err, errlen, _("'%s' has no host"), url);
		goto out;
	}
	if (!allow_remote && !target_host_is_loopback(host)) {
		snprintf(err, errlen, _("refusing to send load to '%s': it is not this machine (loopback). "
			 "Pointed at a classmate's machine or a real service, a load test is an attack; "
			 "pass --allow-remote if you own the target"), host);
		goto out;
	}
	ret = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ret;
}

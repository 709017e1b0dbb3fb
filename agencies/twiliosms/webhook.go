package twiliosms

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
)

// SignWebhook computes X-Twilio-Signature as Twilio does for a POST webhook:
// base64(HMAC-SHA1(authToken, url + name1 + value1 + name2 + value2 ...))
// with the parameters sorted by name (byte order) and, for a repeated name,
// its values sorted too. rawURL must be exactly the URL Twilio was
// configured with, including scheme, port and query string.
func SignWebhook(authToken, rawURL string, params url.Values) string {
	var b strings.Builder
	b.WriteString(rawURL)
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		values := slices.Clone(params[name])
		slices.Sort(values)
		for _, v := range values {
			b.WriteString(name)
			b.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// WebhookSigner signs forms as Twilio signs its webhooks with AuthToken: the
// demo's responder simulator posts replies that pass the same signature
// check as a real SMS.
type WebhookSigner struct{ AuthToken string }

// Sign returns the X-Twilio-Signature of form posted to rawURL.
func (s WebhookSigner) Sign(rawURL string, form url.Values) string {
	return SignWebhook(s.AuthToken, rawURL, form)
}

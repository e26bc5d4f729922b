package account

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/laufbahn/laufbahn/apperr"
)

// Organisation is an employer. Its members are the users whose OrgID names
// it; MemberIDs lists them for display and may briefly hold an id whose
// user has not (or no longer) the OrgID, which listing filters out.
type Organisation struct {
	ID        string     `bson:"_id"`
	Name      string     `bson:"name"`
	SizeClass string     `bson:"sizeClass"`
	Industry  string     `bson:"industry"`
	Locations []Location `bson:"locations"`
	Website   string     `bson:"website,omitempty"`
	CreatedBy string     `bson:"createdBy"`
	MemberIDs []string   `bson:"memberIds"`
	CreatedAt time.Time  `bson:"createdAt"`
	UpdatedAt time.Time  `bson:"updatedAt"`
}

// Location is a place the organisation works at.
type Location struct {
	City       string `json:"city" bson:"city"`
	PostalCode string `json:"postalCode" bson:"postalCode"`
	// Bundesland is the ISO 3166-2:DE subdivision code without "DE-".
	Bundesland string `json:"bundesland" bson:"bundesland"`
}

// SizeClasses are the employee-count bands (those of the EU SME definition).
var SizeClasses = []string{"1-9", "10-49", "50-249", "250+"}

// Bundeslaender are the ISO 3166-2:DE codes of the sixteen states.
var Bundeslaender = []string{"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}

// Limits on organisation fields.
const (
	maxOrgNameLen  = 120
	maxIndustryLen = 100
	maxCityLen     = 100
	maxLocations   = 50
	maxWebsiteLen  = 200
)

var postalCodeRe = regexp.MustCompile(`^[0-9]{5}$`)

// OrganisationInput is what an employer gives to create an organisation.
type OrganisationInput struct {
	Name      string     `json:"name"`
	SizeClass string     `json:"sizeClass"`
	Industry  string     `json:"industry"`
	Locations []Location `json:"locations"`
	Website   string     `json:"website"`
}

// Validate checks the organisation's fields and trims them.
func (o *OrganisationInput) Validate() error {
	var p apperr.Problems
	o.validate(&p, "")
	return p.Err("invalid organisation")
}

func (o *OrganisationInput) validate(p *apperr.Problems, prefix string) {
	f := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	o.Name, o.Industry, o.Website = strings.TrimSpace(o.Name), strings.TrimSpace(o.Industry), strings.TrimSpace(o.Website)
	checkText(p, f("name"), o.Name, true, maxOrgNameLen)
	if !slices.Contains(SizeClasses, o.SizeClass) {
		p.Add(f("sizeClass"), "must be one of: "+strings.Join(SizeClasses, ", "))
	}
	checkText(p, f("industry"), o.Industry, true, maxIndustryLen)
	switch {
	case len(o.Locations) == 0:
		p.Add(f("locations"), "name at least one location")
	case len(o.Locations) > maxLocations:
		p.Addf(f("locations"), "must have at most %d entries", maxLocations)
	}
	for i := range o.Locations {
		l := &o.Locations[i]
		at := fmt.Sprintf("%s[%d]", f("locations"), i)
		l.City, l.PostalCode, l.Bundesland = strings.TrimSpace(l.City), strings.TrimSpace(l.PostalCode), strings.ToUpper(strings.TrimSpace(l.Bundesland))
		checkText(p, at+".city", l.City, true, maxCityLen)
		if !postalCodeRe.MatchString(l.PostalCode) {
			p.Add(at+".postalCode", "must be a German postal code of five digits")
		}
		if !slices.Contains(Bundeslaender, l.Bundesland) {
			p.Add(at+".bundesland", "must be a state code: "+strings.Join(Bundeslaender, ", "))
		}
	}
	if o.Website != "" {
		u, err := url.Parse(o.Website)
		switch {
		case len(o.Website) > maxWebsiteLen:
			p.Addf(f("website"), "must be at most %d characters", maxWebsiteLen)
		case err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil:
			p.Add(f("website"), "must be an https:// address like https://www.example.de")
		}
	}
}

// OrganisationUpdate changes an organisation; nil leaves a field as it is.
type OrganisationUpdate struct {
	Name      *string     `json:"name"`
	SizeClass *string     `json:"sizeClass"`
	Industry  *string     `json:"industry"`
	Locations *[]Location `json:"locations"`
	// Website "" removes the website.
	Website *string `json:"website"`
}

// apply returns the organisation's fields with the update applied, validated.
func (u OrganisationUpdate) apply(o *Organisation) (OrganisationInput, error) {
	in := OrganisationInput{Name: o.Name, SizeClass: o.SizeClass, Industry: o.Industry, Locations: slices.Clone(o.Locations), Website: o.Website}
	if u.Name != nil {
		in.Name = *u.Name
	}
	if u.SizeClass != nil {
		in.SizeClass = *u.SizeClass
	}
	if u.Industry != nil {
		in.Industry = *u.Industry
	}
	if u.Locations != nil {
		in.Locations = slices.Clone(*u.Locations)
	}
	if u.Website != nil {
		in.Website = *u.Website
	}
	return in, in.Validate()
}

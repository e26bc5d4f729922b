package searchtest

import (
	"time"

	"github.com/laufbahn/laufbahn/search"
)

// day returns a publication date: day n after 1 October 2026, 08:00 UTC.
func day(n int) time.Time { return time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC).AddDate(0, 0, n) }

// Role titles of the fixture, as the content has them.
const (
	rtMitarbeiter   = "Backoffice-Mitarbeiter/in"
	rtManager       = "Backoffice-Manager/in"
	rtAdministrator = "Back-Office-Administrator/in"
	rtBueroleiter   = "Büroleiter/in"
)

// Jobs is the job fixture of the contract suite: realistic postings chosen
// so every behaviour has a posting that shows it (and one that must not
// match). Every posting has its own publication date and yearly maximum
// salary, so sorted results have one right order.
func Jobs() []search.JobDoc {
	return []search.JobDoc{
		{
			ID: "j-buchhaltung-berlin", Title: "Sachbearbeiter Buchhaltung (m/w/d)",
			Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-spree", Employer: "Spree Logistik GmbH",
			City: "Berlin", Bundesland: "BE", PostalCode: "10115", Remote: "hybrid", EmploymentType: "vollzeit",
			SalaryMin: 42000, SalaryMax: 48000, SalaryYearMax: 48000,
			Skills: []string{"buchhaltung-grundlagen", "ms-office"}, SkillNames: []string{"Grundlagen der Buchführung", "MS Office"},
			Description: "Sie prüfen Eingangsrechnungen, kontieren laufende Geschäftsvorfälle und bereiten den Monatsabschluss vor. " +
				"Eine kaufmännische Ausbildung und erste Erfahrung mit DATEV setzen wir voraus.",
			PublishedAt: day(1),
		},
		{
			// Misspelt in the posting itself, as employers do: the exact
			// match above must rank first.
			ID: "j-buchaltung-hamburg", Title: "Sachbearbeiter Buchaltung (m/w/d)",
			Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-elbe", Employer: "Elbkontor Handel KG",
			City: "Hamburg", Bundesland: "HH", PostalCode: "20095", Remote: "onsite", EmploymentType: "vollzeit",
			SalaryMin: 40000, SalaryMax: 46000, SalaryYearMax: 46000,
			Skills: []string{"ms-office", "tabellenkalkulation"}, SkillNames: []string{"MS Office", "Tabellenkalkulation"},
			Description: "Sie prüfen Rechnungen, kontieren Belege und unterstützen beim Zahlungsverkehr. " +
				"Sicherer Umgang mit Tabellen und Zahlen zeichnet Sie aus.",
			PublishedAt: day(2),
		},
		{
			ID: "j-buchhaltung-muenchen", Title: "Mitarbeiter Buchhaltung (m/w/d) in Teilzeit",
			Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-isar", Employer: "Isartal Immobilien AG",
			City: "München", Bundesland: "BY", PostalCode: "80331", Remote: "onsite", EmploymentType: "teilzeit", FixedTerm: true,
			SalaryMin: 26000, SalaryMax: 30000, SalaryYearMax: 30000,
			Skills: []string{"buchhaltung-grundlagen", "zahlungsverkehr"}, SkillNames: []string{"Grundlagen der Buchführung", "Zahlungsverkehr und Devisen"},
			Description: "Befristet auf zwei Jahre als Elternzeitvertretung. Sie betreuen die Mietenbuchhaltung und den Zahlungsverkehr.",
			PublishedAt: day(3),
		},
		{
			ID: "j-kauffrau-koeln", Title: "Kauffrau für Büromanagement (m/w/d)",
			Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-dom", Employer: "Domblick Versicherungen AG",
			City: "Köln", Bundesland: "NW", PostalCode: "50667", Remote: "onsite", EmploymentType: "vollzeit",
			SalaryMin: 36000, SalaryMax: 41000, SalaryYearMax: 41000,
			Skills:      []string{"ms-office", "geschaeftskorrespondenz", "organisationstalent"},
			SkillNames:  []string{"MS Office", "Geschäftskorrespondenz", "Organisationstalent"},
			Description: "Sie organisieren Termine, führen die Korrespondenz mit Versicherten und pflegen unsere Ablage.",
			PublishedAt: day(4),
		},
		{
			ID: "j-backoffice-vertrieb", Title: "Backoffice-Mitarbeiter (m/w/d) Vertrieb",
			Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-hansa", Employer: "Hansa Gebäudetechnik GmbH",
			City: "Hamburg", Bundesland: "HH", PostalCode: "22083", Remote: "hybrid", EmploymentType: "vollzeit",
			SalaryMin: 38000, SalaryMax: 44000, SalaryYearMax: 44000,
			Skills: []string{"serviceorientierung", "ms-office"}, SkillNames: []string{"Service- und Kundenorientierung", "MS Office"},
			Description: "Sie erstellen Angebote, pflegen Kundendaten und koordinieren Termine für unseren Außendienst.",
			PublishedAt: day(5),
		},
		{
			ID: "j-back-office-frankfurt", Title: "Mitarbeiter Back-Office (m/w/d)",
			Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-main", Employer: "Mainufer Finanz AG",
			City: "Frankfurt am Main", Bundesland: "HE", PostalCode: "60311", Remote: "remote", EmploymentType: "vollzeit",
			SalaryMin: 45000, SalaryMax: 52000, SalaryYearMax: 52000,
			Skills: []string{"zahlungsverkehr", "englisch"}, SkillNames: []string{"Zahlungsverkehr und Devisen", "Englisch"},
			Description: "Sie wickeln den internationalen Zahlungsverkehr ab und betreuen Kontoangelegenheiten unserer Firmenkunden.",
			PublishedAt: day(6),
		},
		{
			ID: "j-back-office-bremen", Title: "Sachbearbeitung Back Office (m/w/d) Logistik",
			Role: "back-office-administrator", RoleTitle: rtAdministrator, EmployerID: "e-weser", Employer: "Weserland Spedition GmbH",
			City: "Bremen", Bundesland: "HB", PostalCode: "28195", Remote: "onsite", EmploymentType: "vollzeit", FixedTerm: true,
			SalaryMin: 37000, SalaryMax: 42500, SalaryYearMax: 42500,
			Skills:      []string{"import-export-dokumentation", "datenbankverwaltung"},
			SkillNames:  []string{"Import-/Exportdokumente und Frachtpapiere", "Datenbankverwaltung"},
			Description: "Sie verwalten Frachtbriefe, erstellen Zolldokumente und pflegen die Sendungsdaten in unserer Datenbank.",
			PublishedAt: day(7),
		},
		{
			ID: "j-office-manager-muenchen", Title: "Office-Manager (m/w/d)",
			Role: "backoffice-manager", RoleTitle: rtManager, EmployerID: "e-alpen", Employer: "Alpenblick Software GmbH",
			City: "München", Bundesland: "BY", PostalCode: "81667", Remote: "hybrid", EmploymentType: "vollzeit",
			SalaryMin: 50000, SalaryMax: 58000, SalaryYearMax: 58000,
			Skills:      []string{"veranstaltungsmanagement", "reiseorganisation", "englisch"},
			SkillNames:  []string{"Veranstaltungsmanagement", "Reiseorganisation", "Englisch"},
			Description: "Sie sind die gute Seele unseres Münchner Büros: Sie planen Teamevents, organisieren Dienstreisen und verwalten IT-Lizenzen.",
			PublishedAt: day(8),
		},
		{
			ID: "j-bueromanager-stuttgart", Title: "Büromanager (m/w/d)",
			Role: "backoffice-manager", RoleTitle: rtManager, EmployerID: "e-neckar", Employer: "Neckar Maschinenbau KG",
			City: "Stuttgart", Bundesland: "BW", PostalCode: "70173", Remote: "onsite", EmploymentType: "vollzeit",
			SalaryMin: 48000, SalaryMax: 55000, SalaryYearMax: 55000,
			Skills: []string{"organisationstalent", "personalwesen"}, SkillNames: []string{"Organisationstalent", "Personalwesen"},
			Description: "Sie organisieren den Empfang, bestellen Büromaterial und unterstützen die Geschäftsführung in Personalfragen.",
			PublishedAt: day(9),
		},
		{
			ID: "j-back-office-manager-duesseldorf", Title: "Back-Office-Manager (m/w/d)",
			Role: "bueroleiter", RoleTitle: rtBueroleiter, EmployerID: "e-rhein", Employer: "Rheinwerk Personaldienstleistungen GmbH",
			City: "Düsseldorf", Bundesland: "NW", PostalCode: "40213", Remote: "hybrid", EmploymentType: "vollzeit",
			SalaryMin: 55000, SalaryMax: 65000, SalaryYearMax: 65000,
			Skills:      []string{"personalwesen", "projektmanagement", "anleitung-neuer-mitarbeiter"},
			SkillNames:  []string{"Personalwesen", "Projektmanagement", "Anleiten neuer Mitarbeitender"},
			Description: "Sie führen ein Team von fünf Personen, steuern die Verwaltung und arbeiten neue Kolleginnen und Kollegen ein.",
			PublishedAt: day(10),
		},
		{
			ID: "j-assistant-berlin", Title: "Assistant der Geschäftsführung (m/w/d)",
			Role: "backoffice-manager", RoleTitle: rtManager, EmployerID: "e-kiez", Employer: "Kiezkraft Energie GmbH",
			City: "Berlin", Bundesland: "BE", PostalCode: "10997", Remote: "remote", EmploymentType: "vollzeit",
			SalaryMin: 47000, SalaryMax: 54000, SalaryYearMax: 54000,
			Skills:      []string{"englisch", "geschaeftskorrespondenz", "umgang-mit-fuehrungskraeften"},
			SkillNames:  []string{"Englisch", "Geschäftskorrespondenz", "Souveräner Umgang mit Führungskräften"},
			Description: "Sie koordinieren den Kalender der Geschäftsführung, bereiten Vorstandssitzungen vor und korrespondieren auf Englisch.",
			PublishedAt: day(11),
		},
		{
			ID: "j-empfang-leipzig", Title: "Empfangskraft <b>&</b> Telefonzentrale (m/w/d)",
			Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-messe", Employer: "Messehof Leipzig GmbH",
			City: "Leipzig", Bundesland: "SN", PostalCode: "04109", Remote: "onsite", EmploymentType: "minijob",
			SalaryMin: 538, SalaryMax: 556, SalaryYearMax: 6672,
			Skills: []string{"telekommunikation", "serviceorientierung"}, SkillNames: []string{"Telekommunikation", "Service- und Kundenorientierung"},
			Description: "Sie begrüßen Gäste, nehmen Anrufe entgegen und verteilen die Post. Arbeitszeit: montags bis mittwochs vormittags.",
			PublishedAt: day(12),
		},
		{
			ID: "j-einkauf-nuernberg", Title: "Sachbearbeiter Einkauf (m/w/d)",
			Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-franken", Employer: "Frankenland Handel GmbH",
			City: "Nürnberg", Bundesland: "BY", PostalCode: "90402", Remote: "hybrid", EmploymentType: "vollzeit",
			SalaryMin: 39000, SalaryMax: 45500, SalaryYearMax: 45500,
			Skills: []string{"ms-office", "tabellenkalkulation"}, SkillNames: []string{"MS Office", "Tabellenkalkulation"},
			Description: "Sie holen Angebote ein, vergleichen Preise und bestellen Waren bei unseren Lieferanten.",
			PublishedAt: day(13),
		},
		{
			ID: "j-teamassistenz-hannover", Title: "Teamassistenz (m/w/d)",
			Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-leine", Employer: "Leinetal Pflege gGmbH",
			City: "Hannover", Bundesland: "NI", PostalCode: "30159", Remote: "hybrid", EmploymentType: "teilzeit",
			SalaryMin: 24000, SalaryMax: 28500, SalaryYearMax: 28500,
			Skills: []string{"organisationstalent", "kommunikation"}, SkillNames: []string{"Organisationstalent", "Kommunikationsfähigkeit"},
			Description: "Sie unterstützen die Abteilungen Einkauf und Vertrieb bei Terminen, Protokollen und Bestellungen. " +
				"Der Einkauf freut sich auf Ihre Unterstützung.",
			PublishedAt: day(14),
		},
		{
			ID: "j-buerokraft-dresden", Title: "Bürokraft (m/w/d) in Teilzeit",
			Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-elbflorenz", Employer: "Elbflorenz Hausverwaltung GmbH",
			City: "Dresden", Bundesland: "SN", PostalCode: "01067", Remote: "onsite", EmploymentType: "teilzeit",
			SalaryMin: 21000, SalaryMax: 25000, SalaryYearMax: 25000,
			Skills: []string{"textverarbeitung", "deutsch-schriftlich"}, SkillNames: []string{"Textverarbeitung", "Deutsch in Wort und Schrift"},
			Description: "Gesucht sind erfahrene Kauffrauen und Quereinsteigerinnen mit Freude an Verwaltung und Ablage.",
			PublishedAt: day(15),
		},
		{
			ID: "j-bueroleitung-nuernberg", Title: "Büroleitung (m/w/d) in Teilzeit",
			Role: "bueroleiter", RoleTitle: rtBueroleiter, EmployerID: "e-noris", Employer: "Noris Steuerberatung",
			City: "Nürnberg", Bundesland: "BY", PostalCode: "90403", Remote: "onsite", EmploymentType: "teilzeit",
			SalaryMin: 32000, SalaryMax: 38500, SalaryYearMax: 38500,
			Skills: []string{"personalwesen", "organisationstalent"}, SkillNames: []string{"Personalwesen", "Organisationstalent"},
			Description: "Sie leiten ein kleines Team im Sekretariat, organisieren Fristen und sind Ansprechpartnerin für Mandanten.",
			PublishedAt: day(16),
		},
		{
			ID: "j-werkstudent-berlin", Title: "Werkstudent Backoffice (m/w/d)",
			Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-kiez", Employer: "Kiezkraft Energie GmbH",
			City: "Berlin", Bundesland: "BE", PostalCode: "10997", Remote: "remote", EmploymentType: "werkstudent", FixedTerm: true,
			SalaryMin: 15, SalaryMax: 17, SalaryYearMax: 17680,
			Skills: []string{"tabellenkalkulation", "digitalisierung"}, SkillNames: []string{"Tabellenkalkulation", "Digitalisierung und IT im Büro"},
			Description: "Sie pflegen Stammdaten, werten Tabellen aus und helfen bei der Digitalisierung unserer Abläufe, 20 Stunden pro Woche.",
			PublishedAt: day(17),
		},
		{
			ID: "j-ausbildung-koeln", Title: "Ausbildung Kaufmann für Büromanagement (m/w/d)",
			Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-dom", Employer: "Domblick Versicherungen AG",
			City: "Köln", Bundesland: "NW", PostalCode: "50668", Remote: "onsite", EmploymentType: "ausbildung",
			SalaryMin: 1050, SalaryMax: 1250, SalaryYearMax: 15000,
			Skills: []string{"ms-office", "deutsch-schriftlich"}, SkillNames: []string{"MS Office", "Deutsch in Wort und Schrift"},
			Description: "Drei Jahre duale Ausbildung in Betrieb und Berufsschule, Start am 1. August.",
			PublishedAt: day(18),
		},
		{
			ID: "j-datenbank-essen", Title: "Administrator Datenbanken und Website (m/w/d)",
			Role: "back-office-administrator", RoleTitle: rtAdministrator, EmployerID: "e-ruhr", Employer: "Ruhrpott Medizintechnik GmbH",
			City: "Essen", Bundesland: "NW", PostalCode: "45127", Remote: "remote", EmploymentType: "vollzeit",
			SalaryMin: 51000, SalaryMax: 60000, SalaryYearMax: 60000,
			Skills: []string{"datenbankverwaltung", "website-pflege"}, SkillNames: []string{"Datenbankverwaltung", "Website-Pflege"},
			Description: "Sie verwalten unsere Datenbanken, pflegen die Website und achten auf die Einhaltung von Vorschriften.",
			PublishedAt: day(19),
		},
	}
}

// Courses is the course fixture: documents shaped as content courses are
// fed to the index.
func Courses() []search.Document {
	return []search.Document{
		{ID: "ausbildung-kaufmann-bueromanagement", Fields: map[string]any{
			"title": "Kaufmann/Kauffrau für Büromanagement", "titleEn": "Office management assistant (dual apprenticeship)",
			"qualification": "IHK-Abschluss Kaufmann/Kauffrau für Büromanagement",
			"skillNames":    []string{"MS Office", "Geschäftskorrespondenz", "Grundlagen der Buchführung"},
			"summary":       "Dreijährige duale Ausbildung in Betrieb und Berufsschule: Büroorganisation, Kundenbetreuung und kaufmännische Steuerung.",
			"topics":        []string{"Büroprozesse", "Kundenbeziehungsprozesse", "Auftragsbearbeitung"},
			"format":        "dual", "providerType": "betrieb-berufsschule",
			"skills": []string{"ms-office", "geschaeftskorrespondenz", "buchhaltung-grundlagen"}, "roles": []string{"backoffice-mitarbeiter"},
			"durationMonths": 36,
		}},
		{ID: "fortbildung-backoffice-manager", Fields: map[string]any{
			"title": "Berufsbegleitende Fortbildung zum/zur Backoffice-Manager/in", "titleEn": "Part-time training as back office manager",
			"skillNames": []string{"Projektmanagement", "Personalwesen"},
			"summary":    "Zwölf Monate online neben dem Beruf: Organisation, Personal und Projektarbeit im Backoffice.",
			"topics":     []string{"Büroorganisation", "Personalwesen", "Projektmanagement"},
			"format":     "online", "providerType": "fernschule",
			"skills": []string{"projektmanagement", "personalwesen"}, "roles": []string{"backoffice-manager"},
			"durationMonths": 12,
		}},
		{ID: "buchfuehrung-grundlagen", Fields: map[string]any{
			"title": "Grundlagen der Buchführung", "titleEn": "Bookkeeping basics",
			"skillNames": []string{"Grundlagen der Buchführung"},
			"summary":    "Abendkurs an der Volkshochschule: doppelte Buchführung, Konten und Jahresabschluss.",
			"topics":     []string{"Buchungssätze", "Kontenrahmen"},
			"format":     "praesenz", "providerType": "volkshochschule",
			"skills": []string{"buchhaltung-grundlagen"}, "roles": []string{"backoffice-mitarbeiter", "bueroleiter"},
			"durationMonths": 3,
		}},
		{ID: "sekretariatskurs", Fields: map[string]any{
			"title": "Sekretariatskurs", "titleEn": "Secretarial course",
			"skillNames": []string{"Textverarbeitung", "Geschäftskorrespondenz"},
			"summary":    "Kompaktkurs für Assistenz und Sekretariat: Korrespondenz, Terminplanung und Textverarbeitung.",
			"format":     "blended", "providerType": "weiterbildungstraeger",
			"skills": []string{"textverarbeitung", "geschaeftskorrespondenz"}, "roles": []string{"backoffice-mitarbeiter"},
			"durationMonths": 2,
		}},
	}
}

// Roles is the role fixture.
func Roles() []search.Document {
	return []search.Document{
		{ID: "backoffice-manager", Fields: map[string]any{
			"title": rtManager, "altTitles": []string{"Back-Office-Manager/in", "Office-Manager/in"}, "titleEn": "Back office manager",
			"specializationNames": []string{"Feelgood-Management", "Eventmanagement"},
			"summary":             "Organisiert das Büro, betreut Dienstleister und entlastet die Geschäftsführung.",
			"tasks":               []string{"Büromaterial bestellen", "Dienstreisen organisieren", "IT-Lizenzen verwalten"},
			"level":               "fachkraft", "specializations": []string{"feelgood-management", "event-management"},
		}},
		{ID: "bueroleiter", Fields: map[string]any{
			"title": rtBueroleiter, "altTitles": []string{"Büromanager/in", "Leitung Backoffice"}, "titleEn": "Head of office",
			"summary": "Leitet die Verwaltung und führt das Backoffice-Personal.",
			"tasks":   []string{"Die Verwaltung leiten", "Neue Mitarbeitende einarbeiten"},
			"level":   "leitung", "specializations": []string{},
		}},
		{ID: "backoffice-mitarbeiter", Fields: map[string]any{
			"title": rtMitarbeiter, "altTitles": []string{"Büro-Allrounder/in", "Assistenz im Backoffice"}, "titleEn": "Back office assistant",
			"summary": "Hält das Büro am Laufen: Empfang, Termine, Post und Ablage.",
			"tasks":   []string{"Termine koordinieren", "Den Empfang besetzen"},
			"level":   "einstieg", "specializations": []string{},
		}},
	}
}

import type { Category, Tier } from "../config/schema";

/**
 * The routing guide's task-to-tier table as the default category set, plus code, translation and
 * chat. Keywords are whole-word, case-insensitive phrases (several languages); patterns are
 * JavaScript regexes matched with the `i` flag and kept linear (bounded gaps) for the rules
 * validator's backtracking check. They are deliberately narrow: the rule-based pass decides only
 * clear cases (test/fixtures/classification.jsonl measures how many) and leaves the rest to the
 * cheap model.
 */
export const DEFAULT_CATEGORIES: Readonly<Record<string, Category>> = {
  classification: {
    description: "Assign a label from a known set: intent, topic, sentiment, priority, spam, department or queue.",
    keywords: [
      "classify", "classification", "categorize", "categorise", "which category", "what category", "sentiment",
      "label each", "label this", "label the", "assign a label", "tag this", "triage", "is this spam", "spam or not",
      "which department", "which queue", "which team", "intent", "reply with the label", "one word",
      "klassifiziere", "kategorisiere", "ordne", "classe ce", "classer", "clasifica", "classifique", "classifica",
      "тональность", "классифицируй", "категори", "分类", "分類", "に分類", "正面、负面", "분류",
    ],
    patterns: [
      "\\b(classify|categori[sz]e|label|tag|route)\\b.{0,80}\\b(as|into|with|to) (one of|exactly one|the right|a category|[A-Z]+)",
      "\\b(positive|negative|neutral|pos|neg)\\b.{0,20}\\b(positive|negative|neutral|neg|neu)\\b",
      "\\b(is|does) (this|the following|each)\\b.{0,60}\\b(spam|fraudulent|urgent|a complaint|violate)\\b",
      "\\b(hot|warm|cold|p1|p2|high|low)\\s*(,|or)\\s*(warm|cold|p2|p3|medium|low)\\b",
      "\\b(yes/no|yes or no|true or false)\\b",
    ],
  },
  extraction: {
    description: "Pull structured fields out of a given text (names, dates, amounts, entities, line items) into JSON or a table.",
    keywords: [
      "extract", "extraction", "pull out", "parse this", "parse the", "key-value", "structured format", "structured fields",
      "named entities", "fill this json", "fill in this json", "extrahiere", "extrais", "extraire", "extrae", "extraer",
      "extraia", "estrai", "извлеки", "提取", "抽出", "추출", "استخرج",
    ],
    patterns: [
      "\\b(extract|pull out|get|find|identify|list)\\b.{0,60}\\b(names?|dates?|deadlines?|amounts?|e-?mails?|e-?mail addresses|phone numbers?|addresses|urls|fields|entities|totals?|skus?|dosages?|medications?|ingredients)\\b",
      "\\b(into|as) (json|structured fields|a table|csv)\\b.{0,40}$",
      "\\b(fill|populate) (in )?(this|the) (json|template|form)\\b",
    ],
  },
  summarization: {
    description: "Condense a given text into a shorter one: TL;DR, key points, abstract, recap, synopsis.",
    keywords: [
      "summarize", "summarise", "summary", "summarization", "tl;dr", "tldr", "sum up", "recap", "condense", "key points",
      "main takeaways", "the gist", "synopsis", "in a nutshell", "boil this down", "zusammenfassen", "zusammenfassung",
      "résume", "résumer", "resumen", "resuma", "riassumi", "riassunto", "перескажи", "краткое содержание", "总结",
      "概括", "摘要", "要約", "요약", "لخص", "ملخص", "özetle",
    ],
    patterns: [
      "\\b(summari[sz]e|sum up|recap|condense)\\b",
      "\\bfasse\\b.{0,80}\\bzusammen\\b",
      "\\bresume (este|esta|el|la|en)\\b",
      "\\bin (one|two|three|a few|\\d) (sentences?|lines?|bullets?|bullet points)\\b",
      "\\b(make|keep) (this|it) (shorter|brief)\\b",
    ],
  },
  generation: {
    description: "Write standard content from a brief or template: emails, replies, product copy, posts, announcements, letters.",
    keywords: [
      "product description", "blog post", "blog intro", "caption", "captions", "slogan", "tagline", "cover letter",
      "subject lines", "meta descriptions", "announcement", "out-of-office", "poem", "bedtime story", "job ad", "newsletter",
      "thank-you note", "linkedin post", "rewrite", "proofread", "schreibe", "verfasse", "rédige", "écris", "escribe",
      "redacta", "escreva", "scrivi", "напиши", "写一段", "帮我写", "書いてください", "써 주세요", "اكتب",
    ],
    patterns: [
      "\\b(write|draft|compose|create|generate)\\b.{0,40}\\b(e-?mail|reply|message|post|description|letter|note|captions?|slogan|story|poem|ad|faq|announcement|subject lines|copy|listing|intro)\\b",
    ],
  },
  analysis: {
    description: "Reason over material to reach a judgment: compare options, assess risks, explain causes, critique, prove, recommend.",
    keywords: [
      "analyse", "analyze", "analysis", "evaluate", "assess", "pros and cons", "trade-offs", "trade-off", "root cause",
      "implications", "second-order", "critique", "justify", "prove", "step by step", "is it better", "which is better",
      "statistically significant", "fallacies", "strategy", "strategic", "risks", "analysiere", "bewerte",
      "vor- und nachteile", "analyse les", "évalue", "avantages et inconvénients", "analiza", "ventajas y desventajas",
      "avalie", "analise", "vantagens e desvantagens", "analizza", "valuta", "проанализируй", "сравни", "оцени", "分析",
      "评估", "不利", "比較し", "メリットとデメリット", "분석", "비교해서", "حلل",
    ],
    patterns: [
      "\\bwhy (did|does|do|is|are|would|has|have)\\b",
      "\\b(compare|comparing)\\b.{0,80}\\b(with|and|vs\\.?|versus|to)\\b",
      "\\b(analy[sz]e|assess|evaluate|critique|review)\\b.{0,40}\\b(risks?|strategy|implications|assumptions|proposals?|options|clause|contract|plan|data|numbers|trade-?offs)\\b",
      "\\bshould (we|i)\\b.{0,80}\\bor\\b",
    ],
  },
  code: {
    description: "Write, review, explain, convert or fix source code, SQL, regexes, scripts and build configuration.",
    keywords: [
      "python", "javascript", "typescript", "java", "rust", "golang", "c++", "sql", "regex", "regular expression",
      "function", "bug", "debug", "stack trace", "traceback", "exception", "refactor", "unit test", "unit tests", "pytest",
      "compile", "docker", "bash", "shell script", "css", "react", "npm", "git", "linked list", "binary search",
      "algorithm", "github actions", "nullpointerexception", "typeerror", "funktion", "fonction", "función", "função",
      "funzione", "функцию", "函数", "関数", "代码", "コード", "코드", "código", "codice",
    ],
    patterns: [
      "```",
      "\\b(write|create|implement|generate)\\b.{0,40}\\b(function|method|class|script|query|regex|component|program|endpoint|workflow|unit tests?|algorithm)\\b",
      "\\b(fix|debug|refactor|optimi[sz]e|review)\\b.{0,30}\\b(code|function|bug|query|script|error|diff|pull request)\\b",
      "\\b(TypeError|SyntaxError|NullPointerException|JSONDecodeError|segmentation fault|undefined is not)\\b",
    ],
  },
  translation: {
    description: "Translate or localise text from one human language into another.",
    keywords: [
      "translate", "translation", "localize", "localise", "in english", "into english", "übersetze", "übersetzen",
      "traduis", "traduire", "traduce", "traducir", "traduza", "traduzir", "traduci", "переведи", "перевод", "翻译",
      "翻訳", "번역", "ترجم", "vertaal", "przetłumacz", "çevir",
    ],
    patterns: [
      "\\b(translate|render|put)\\b.{0,80}\\b(in|into|to) (english|french|german|spanish|italian|portuguese|brazilian portuguese|dutch|japanese|chinese|korean|russian|arabic|polish|czech|turkish|swedish)\\b",
      "\\bhow do (you|i) say\\b",
      "\\bwhat does\\b.{0,40}\\bmean in (english|french|german|spanish)\\b",
      "\\b(en|de|fr|es|it|pt|nl|ja|zh)\\s*(→|->)\\s*(en|de|fr|es|it|pt|nl|ja|zh)\\b",
    ],
  },
  chat: {
    description: "Small talk, greetings, thanks and short everyday questions with no document or specific task.",
    keywords: [
      "how are you", "good morning", "good night", "thank you", "thanks", "tell me a joke", "what's your name", "who are you",
      "wie geht's", "wie geht es dir", "bonjour", "salut", "qué tal", "tudo bem", "come stai", "как дела", "привет",
      "你好", "こんにちは", "안녕하세요", "مرحبا", "kako si",
    ],
    patterns: [
      "^\\s*(hi|hello|hey|hiya|good (morning|afternoon|evening|night)|thanks|thank you|lol|haha|ciao|hallo|hola|oi)\\b[^\\n]{0,50}$",
    ],
  },
};

/** Where the guide puts each default category, for docs and the default config's routes. */
export interface CategoryTier {
  /** The guide's name for the task, or "" when the guide's table does not list it. */
  guideTask: string;
  tier: Tier;
  /** The guide's "typical cost vs premium". */
  typicalCostVsPremium: string;
}

export const DEFAULT_CATEGORY_TIERS: Readonly<Record<string, CategoryTier>> = {
  classification: { guideTask: "Classification / routing", tier: "economy", typicalCostVsPremium: "5–10%" },
  extraction: { guideTask: "Structured extraction", tier: "economy", typicalCostVsPremium: "5–10%" },
  summarization: { guideTask: "Short summarisation", tier: "economy", typicalCostVsPremium: "5–15%" },
  generation: { guideTask: "Standard content generation", tier: "economy", typicalCostVsPremium: "10–20%" },
  analysis: { guideTask: "Complex analysis / reasoning", tier: "premium", typicalCostVsPremium: "100% (justified)" },
  code: { guideTask: "", tier: "premium", typicalCostVsPremium: "not in the guide" },
  translation: { guideTask: "", tier: "economy", typicalCostVsPremium: "not in the guide" },
  chat: { guideTask: "", tier: "economy", typicalCostVsPremium: "not in the guide" },
};

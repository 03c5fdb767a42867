/** Every page of the web app in English, in Chromium (web-pages.ts). */
import { everyPageIn } from './web-pages.ts';

everyPageIn('en');
